import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorPage, pickerPage, type Lang, type PickerUser } from '../internal/pages.js';
import type { Scope } from '../internal/sign-in.js';
import { countCall, isTrustedHost, type MockState } from '../internal/state.js';
import type { MockUser } from '../organisation/types.js';
import { applyFault, clientIp, param } from './pipeline.js';

export const USER_COOKIE = 'wecom_mock_user';
const PAGE_SIZE = 50;
const STATE = /^[a-zA-Z0-9]{0,128}$/;

interface Refusal {
  errcode: number;
  zh: string;
  en: string;
}

/**
 * The two sign-in entry points, served by the mock origin in place of open.weixin.qq.com and
 * login.work.weixin.qq.com. Who signs in comes from `mock_user` (scripts), the cookie set by an
 * earlier pick (the silent snsapi_base case inside WeCom's webview), or a page listing people.
 */
export function signInRoutes(app: FastifyInstance, state: MockState): void {
  const { corp, directory } = state;

  /** common checks of appid, redirect_uri (trusted domain) and state */
  const checkRequest = (request: FastifyRequest): Refusal | { redirectUri: string; host: string; state: string } => {
    if (param(request, 'appid') !== corp.corpId) return { errcode: 40013, zh: 'appid 参数错误', en: 'invalid appid: it must be the corpid' };
    const raw = param(request, 'redirect_uri') ?? '';
    let url: URL;
    try {
      url = new URL(raw);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http');
    } catch {
      return { errcode: 40058, zh: 'redirect_uri 参数错误', en: 'redirect_uri is missing or not an absolute http(s) URL' };
    }
    if (!isTrustedHost(state, url.host)) {
      return { errcode: 50001, zh: 'redirect_uri 参数错误', en: `redirect_uri ${url.host} is not a trusted domain of the app (可信域名)` };
    }
    const stateParam = param(request, 'state') ?? '';
    if (!STATE.test(stateParam)) return { errcode: 84025, zh: 'state 参数错误', en: 'state must be at most 128 letters or digits' };
    return { redirectUri: raw, host: url.host.toLowerCase(), state: stateParam };
  };

  /** why this member cannot sign in, if they cannot */
  const refuse = (userid: string, needVisible: boolean): Refusal | MockUser => {
    const user = directory.user(userid);
    if (!user) return { errcode: 60111, zh: '成员不存在', en: `no member ${userid}` };
    if (user.status !== 1) {
      const why = { 2: ['该成员已被禁用', 'disabled'], 4: ['该成员尚未激活', 'not activated'], 5: ['该成员已退出企业', 'left the company'] }[user.status];
      return { errcode: 60111, zh: why[0]!, en: `member ${userid} is ${why[1]}` };
    }
    if (needVisible && !directory.isUserVisible(user)) {
      return { errcode: 50002, zh: '你不在该应用的可见范围内，无法登录', en: `member ${userid} is outside the app's visible range` };
    }
    return user;
  };

  const redirectWithCode = (reply: FastifyReply, target: { redirectUri: string; host: string; state: string }, who: { userid?: string; openid?: string }, scope: Scope) => {
    const code = state.signIn.issueCode({ ...who, scope, redirectHost: target.host });
    return reply.redirect(withCode(target.redirectUri, code, target.state), 302);
  };

  const showRefusal = (reply: FastifyReply, refusal: Refusal) => reply.type('text/html; charset=utf-8').send(errorPage(refusal));

  const people = (request: FastifyRequest, lang: Lang, path: string, kept: Record<string, string>, extra: Record<string, string>, current?: string) => {
    const q = (param(request, 'q') ?? '').trim().toLowerCase();
    const visibility = directory.visible();
    const matches = directory.organisation.users.filter(
      (u) =>
        u.status === 1 &&
        directory.isUserVisible(u, visibility) &&
        (q === '' || u.name.toLowerCase().includes(q) || u.userid.toLowerCase().includes(q) || u.alias.toLowerCase().includes(q)),
    );
    const featured = state.settings.featuredUsers;
    if (featured.length) {
      const rank = (userid: string) => {
        const at = featured.indexOf(userid);
        return at < 0 ? featured.length : at;
      };
      matches.sort((a, b) => rank(a.userid) - rank(b.userid)); // stable: the rest keep their order
    }
    if (current) {
      const at = matches.findIndex((u) => u.userid === current);
      if (at > 0) matches.unshift(...matches.splice(at, 1));
    }
    const pages = Math.max(1, Math.ceil(matches.length / PAGE_SIZE));
    const page = Math.min(pages, Math.max(1, Number.parseInt(param(request, 'page') ?? '1', 10) || 1));
    const users: PickerUser[] = matches.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE).map((u) => ({
      userid: u.userid,
      name: u.name,
      position: u.position,
      department: directory.department(u.main_department)?.name ?? '',
      href: `${path}?${new URLSearchParams({ ...kept, ...extra, mock_user: u.userid })}`,
      current: u.userid === current,
    }));
    const withQ = q === '' ? kept : { ...kept, q };
    return {
      users,
      total: matches.length,
      page,
      pages,
      q,
      hidden: kept,
      action: path,
      pageHref: (n: number) => `${path}?${new URLSearchParams({ ...withQ, page: String(n) })}`,
      searchLabel: lang === 'zh' ? '搜索姓名或帐号 / Search name or userid' : 'Search name or userid',
    };
  };

  app.get('/connect/oauth2/authorize', async (request, reply) => {
    const path = '/connect/oauth2/authorize';
    countCall(state, path);
    const fault = state.faults.take(path);
    if (fault && (await applyFault(fault, reply, clientIp(request), state))) return reply;
    const target = checkRequest(request);
    if ('errcode' in target) return showRefusal(reply, target);
    if (param(request, 'response_type') !== 'code') return showRefusal(reply, { errcode: 40058, zh: 'response_type 参数错误', en: 'response_type must be code' });
    const scope = param(request, 'scope');
    if (scope !== 'snsapi_base' && scope !== 'snsapi_privateinfo') {
      return showRefusal(reply, { errcode: 40058, zh: 'scope 参数错误', en: 'scope must be snsapi_base or snsapi_privateinfo' });
    }
    const agentid = param(request, 'agentid');
    if (agentid !== undefined && agentid !== '' && agentid !== corp.agentId) return showRefusal(reply, { errcode: 40056, zh: 'agentid 参数错误', en: 'invalid agentid' });
    const privateInfo = scope === 'snsapi_privateinfo';
    if (privateInfo && !agentid) return showRefusal(reply, { errcode: 41011, zh: '缺少 agentid 参数', en: 'snsapi_privateinfo needs agentid' });

    const openid = param(request, 'mock_openid');
    if (openid) return redirectWithCode(reply, target, { openid }, 'snsapi_base');
    const picked = param(request, 'mock_user');
    if (picked) {
      const user = refuse(picked, privateInfo);
      if ('errcode' in user) return showRefusal(reply, user);
      if (param(request, 'mock_pick') === '1') {
        reply.header('set-cookie', `${USER_COOKIE}=${encodeURIComponent(user.userid)}; Path=/; HttpOnly; SameSite=Lax`);
      }
      return redirectWithCode(reply, target, { userid: user.userid }, scope);
    }
    const remembered = cookie(request, USER_COOKIE);
    const rememberedUser = remembered === undefined ? undefined : refuse(remembered, privateInfo);
    if (!privateInfo && rememberedUser && !('errcode' in rememberedUser)) {
      return redirectWithCode(reply, target, { userid: rememberedUser.userid }, scope);
    }
    const kept = keep(request, ['appid', 'redirect_uri', 'response_type', 'scope', 'state', 'agentid']);
    const list = people(request, 'zh', path, kept, { mock_pick: '1' }, rememberedUser && !('errcode' in rememberedUser) ? rememberedUser.userid : undefined);
    return reply.type('text/html; charset=utf-8').send(
      pickerPage({
        lang: 'zh',
        title: '企业微信 · 模拟网页授权 / WeCom mock sign-in',
        intro: `选择以哪位成员的身份打开应用（在企业微信中这一步是静默的）。Choose who opens the app; inside WeCom this step is silent. ${new URL(target.redirectUri).host}`,
        ...(privateInfo
          ? { consent: '该应用申请获取你的姓名、头像、手机号、邮箱等敏感信息。选择成员即表示同意授权。The app asks for your name, avatar, mobile and email; choosing a member consents.' }
          : {}),
        empty: '没有可选的成员 / nobody to choose',
        ...list,
      }),
    );
  });

  app.get('/wwlogin/sso/login', async (request, reply) => {
    const path = '/wwlogin/sso/login';
    countCall(state, path);
    const fault = state.faults.take(path);
    if (fault && (await applyFault(fault, reply, clientIp(request), state))) return reply;
    if (param(request, 'login_type') !== 'CorpApp') return showRefusal(reply, { errcode: 40058, zh: 'login_type 参数错误', en: 'login_type must be CorpApp' });
    const target = checkRequest(request);
    if ('errcode' in target) return showRefusal(reply, target);
    const agentid = param(request, 'agentid');
    if (!agentid) return showRefusal(reply, { errcode: 41011, zh: '缺少 agentid 参数', en: 'agentid missing' });
    if (agentid !== corp.agentId) return showRefusal(reply, { errcode: 40056, zh: 'agentid 参数错误', en: 'invalid agentid' });
    const lang: Lang = param(request, 'lang') === 'en' ? 'en' : 'zh';

    const picked = param(request, 'mock_user');
    if (picked) {
      // WeCom refuses a scan by anyone outside the app's visible range.
      const user = refuse(picked, true);
      if ('errcode' in user) return showRefusal(reply, user);
      return redirectWithCode(reply, target, { userid: user.userid }, 'snsapi_base');
    }
    const kept = keep(request, ['login_type', 'appid', 'agentid', 'redirect_uri', 'state', 'lang']);
    const list = people(request, lang, path, kept, {});
    return reply.type('text/html; charset=utf-8').send(
      pickerPage({
        lang,
        title: lang === 'zh' ? '企业微信扫码登录' : 'Sign in with WeCom',
        intro:
          lang === 'zh'
            ? '请使用企业微信扫描二维码登录。模拟：点击一位成员，即由其扫码确认。'
            : 'Scan the QR code with WeCom. Mock: click a member to simulate their scan.',
        qr: true,
        empty: lang === 'zh' ? '应用可见范围内没有可登录的成员' : 'nobody in the visible range can sign in',
        ...list,
      }),
    );
  });
}

/** WeCom appends code and state to the redirect_uri's query, before any fragment */
export function withCode(redirectUri: string, code: string, state: string): string {
  const hashAt = redirectUri.indexOf('#');
  const base = hashAt >= 0 ? redirectUri.slice(0, hashAt) : redirectUri;
  const fragment = hashAt >= 0 ? redirectUri.slice(hashAt) : '';
  const separator = base.includes('?') ? (base.endsWith('?') || base.endsWith('&') ? '' : '&') : '?';
  return `${base}${separator}code=${encodeURIComponent(code)}&state=${encodeURIComponent(state)}${fragment}`;
}

function keep(request: FastifyRequest, names: string[]): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name of names) {
    const value = param(request, name);
    if (value !== undefined) kept[name] = value;
  }
  return kept;
}

function cookie(request: FastifyRequest, name: string): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) {
      try {
        return decodeURIComponent(part.slice(at + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}
