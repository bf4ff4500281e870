/**
 * The pages a person sees on WeCom's sign-in hosts. The mock's pages let a developer (or a
 * browser test) choose who signs in, where WeCom would know it from the webview or the scan.
 */

export type Lang = 'zh' | 'en';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const STYLE = `
body{font:15px/1.5 -apple-system,"PingFang SC","Microsoft YaHei",system-ui,sans-serif;margin:0;background:#f3f4f6;color:#1f2329}
main{max-width:640px;margin:32px auto;background:#fff;border-radius:8px;padding:24px 28px;box-shadow:0 1px 3px #0002}
h1{font-size:20px;margin:0 0 4px}p{margin:6px 0}.muted{color:#6b7280;font-size:13px}
.error h1{color:#d92d20}.code{font-family:ui-monospace,monospace;background:#f3f4f6;padding:1px 5px;border-radius:4px}
form{display:flex;gap:8px;margin:16px 0}input[type=search]{flex:1;padding:6px 10px;border:1px solid #d0d5dd;border-radius:6px;font:inherit}
button{padding:6px 14px;border:0;border-radius:6px;background:#0082ef;color:#fff;font:inherit;cursor:pointer}
ul{list-style:none;padding:0;margin:0}li{border-top:1px solid #eef0f3}
li a{display:flex;justify-content:space-between;gap:12px;padding:10px 4px;color:inherit;text-decoration:none}li a:hover{background:#f0f7ff}
.who{font-weight:600}.where{color:#6b7280;font-size:13px;text-align:right}.current{background:#f0f7ff}
.consent{border:1px solid #b2ddff;background:#f0f7ff;border-radius:6px;padding:10px 12px;margin:12px 0}
.qr{width:120px;height:120px;margin:12px 0;background:repeating-conic-gradient(#1f2329 0 25%,#fff 0 50%) 0 0/16px 16px;border:8px solid #fff;outline:1px solid #d0d5dd}
nav{display:flex;justify-content:space-between;margin-top:14px;font-size:14px}nav a{color:#0082ef}
`;

function layout(lang: Lang, title: string, body: string, className = ''): string {
  return `<!doctype html>
<html lang="${lang === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><main class="${className}">${body}</main></body></html>
`;
}

/** WeCom's error page: it answers HTTP 200 and shows the code */
export function errorPage(options: { errcode: number; zh: string; en: string }): string {
  const { errcode, zh, en } = options;
  return layout(
    'zh',
    zh,
    `<h1>${escapeHtml(zh)}</h1><p>${escapeHtml(en)}</p>
<p class="muted">错误码 / errcode: <span class="code">${errcode}</span> · <a href="https://open.work.weixin.qq.com/devtool/query?e=${errcode}">more info</a></p>`,
    'error',
  );
}

export interface PickerUser {
  userid: string;
  name: string;
  position: string;
  department: string;
  href: string;
  current?: boolean;
}

export interface PickerPage {
  lang: Lang;
  title: string;
  intro: string;
  consent?: string;
  qr?: boolean;
  /** the form re-submits these with q */
  hidden: Record<string, string>;
  action: string;
  q: string;
  searchLabel: string;
  users: PickerUser[];
  total: number;
  page: number;
  pages: number;
  pageHref: (page: number) => string;
  empty: string;
}

/** a list of people to sign in as, searchable and paginated */
export function pickerPage(p: PickerPage): string {
  const hidden = Object.entries(p.hidden)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('');
  const rows = p.users
    .map(
      (u) =>
        `<li${u.current ? ' class="current"' : ''}><a href="${escapeHtml(u.href)}" data-userid="${escapeHtml(u.userid)}"><span><span class="who">${escapeHtml(u.name)}</span> <span class="muted">${escapeHtml(u.userid)}</span></span><span class="where">${escapeHtml(u.department)}${u.position ? ` · ${escapeHtml(u.position)}` : ''}</span></a></li>`,
    )
    .join('\n');
  const zh = p.lang === 'zh';
  const nav =
    p.pages > 1
      ? `<nav><span>${p.page > 1 ? `<a href="${escapeHtml(p.pageHref(p.page - 1))}" rel="prev">${zh ? '上一页' : 'Previous'}</a>` : ''}</span><span class="muted">${p.page} / ${p.pages}</span><span>${p.page < p.pages ? `<a href="${escapeHtml(p.pageHref(p.page + 1))}" rel="next">${zh ? '下一页' : 'Next'}</a>` : ''}</span></nav>`
      : '';
  return layout(
    p.lang,
    p.title,
    `<h1>${escapeHtml(p.title)}</h1><p class="muted">${escapeHtml(p.intro)}</p>
${p.qr ? '<div class="qr" role="img" aria-label="QR code"></div>' : ''}
${p.consent ? `<div class="consent">${escapeHtml(p.consent)}</div>` : ''}
<form method="get" action="${escapeHtml(p.action)}">${hidden}<input type="search" name="q" value="${escapeHtml(p.q)}" aria-label="${escapeHtml(p.searchLabel)}" placeholder="${escapeHtml(p.searchLabel)}"><button>${zh ? '搜索' : 'Search'}</button></form>
<p class="muted">${zh ? `共 ${p.total} 人` : `${p.total} people`}</p>
<ul>${rows || `<li><p class="muted">${escapeHtml(p.empty)}</p></li>`}</ul>
${nav}`,
  );
}
