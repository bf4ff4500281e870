import { apiError } from './api-error.js';
import { fill, type Dictionary, type Lang } from './lang.js';

/** Words every element uses. */
export const common: Dictionary<{
  loading: string;
  retry: string;
  signIn: string;
  signInNeeded: string;
  noClient: string;
  exportCsv: string;
  exporting: string;
  close: string;
  cancel: string;
  confirm: string;
  loadMore: string;
  unknownError: string;
  networkError: string;
  /** by API error code */
  errors: Record<string, string>;
}> = {
  'zh-CN': {
    loading: '加载中…',
    retry: '重试',
    signIn: '登录',
    signInNeeded: '请先登录',
    noClient: '此页面没有连接 docgate：请在页面中加入 docgate.js 脚本，或为组件设置 client 属性。',
    exportCsv: '导出 CSV',
    exporting: '正在导出…',
    close: '关闭',
    cancel: '取消',
    confirm: '确定',
    loadMore: '加载更多',
    unknownError: '出错了，请稍后重试。',
    networkError: '无法连接 docgate 服务器，请检查网络后重试。',
    errors: {
      manage_required: '你没有此路径的管理权限。',
      admin_required: '只有管理员可以执行此操作。',
      not_found: '找不到请求的内容。',
      token_missing: '请先登录。',
      token_invalid: '登录已失效，请重新登录。',
      token_expired: '登录已失效，请重新登录。',
      user_inactive: '此账号已停用或已离职。',
      would_lock_out: '此操作会让你失去自己的管理权限，已取消。',
      origin_not_allowed: '此页面所在的网站未被允许访问 docgate。',
      unavailable: 'docgate 服务器暂时不可用，请稍后重试。',
      wecom_unavailable: '暂时无法连接企业微信，请稍后重试。',
      wrong_tenant: '此账号不属于该站点所在的企业。',
      sync_running: '已有一次同步正在进行。',
      wecom_not_configured: '此企业尚未配置企业微信应用，无法同步。',
      rate_limited: '操作太频繁，请稍后再试。',
      unknown_site: '找不到此站点。',
    },
  },
  en: {
    loading: 'Loading…',
    retry: 'Retry',
    signIn: 'Sign in',
    signInNeeded: 'Please sign in first.',
    noClient: 'This page is not connected to docgate: add the docgate.js script to the page, or set the element’s client property.',
    exportCsv: 'Export CSV',
    exporting: 'Exporting…',
    close: 'Close',
    cancel: 'Cancel',
    confirm: 'Confirm',
    loadMore: 'Load more',
    unknownError: 'Something went wrong. Please try again later.',
    networkError: 'Cannot reach the docgate server. Check the network and try again.',
    errors: {
      manage_required: 'You do not manage this path.',
      admin_required: 'Only an admin can do this.',
      not_found: 'Not found.',
      token_missing: 'Please sign in first.',
      token_invalid: 'Your sign-in has expired. Please sign in again.',
      token_expired: 'Your sign-in has expired. Please sign in again.',
      user_inactive: 'This account is disabled or has left the company.',
      would_lock_out: 'This would take away your own manage access, so it was not done.',
      origin_not_allowed: 'This website is not allowed to use docgate.',
      unavailable: 'The docgate server is unavailable. Please try again later.',
      wecom_unavailable: 'WeCom cannot be reached right now. Please try again later.',
      wrong_tenant: 'This account belongs to another company than this site.',
      sync_running: 'A sync is already running.',
      wecom_not_configured: 'This company has no WeCom app configured, so it cannot sync.',
      rate_limited: 'Too many requests. Please wait a moment.',
      unknown_site: 'No such site.',
    },
  },
};

/**
 * What to tell an admin about a failure, in their language: a known API error code reads as
 * ours, another API error as the server's own message (English, naming what was wrong), a
 * network failure as such; never an object, never "undefined".
 */
export function describeError(lang: Lang, error: unknown, extra: Record<string, string> = {}): { text: string; code: string | null } {
  const m = common[lang];
  const failure = apiError(error);
  if (failure) {
    const known = extra[failure.code] ?? m.errors[failure.code];
    if (known) return { text: fill(known, { message: failure.message }), code: failure.code };
    return { text: failure.message || m.unknownError, code: failure.code };
  }
  if (error instanceof TypeError || (error instanceof DOMException && error.name === 'AbortError')) return { text: m.networkError, code: null };
  return { text: m.unknownError, code: null };
}
