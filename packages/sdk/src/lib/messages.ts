/** The SDK's few words, in the two languages docgate speaks. */

export type Lang = 'zh-CN' | 'en';

export interface Messages {
  noAccess: string;
  /** "{name}" and "{departments}" are filled in */
  signedInAs: string;
  askFor: string;
  listSeparator: string;
  askAdmin: string;
  switchAccount: string;
  checkFailed: string;
  checkFailedHint: string;
  retry: string;
  signInTitle: string;
  signInHint: string;
  signInLabel: string;
  signInSubmit: string;
  signInFailed: string;
  /** by API error code: what a reader should read instead of the server's English */
  errors: Record<string, string>;
  wecomTitle: string;
  wecomHint: string;
  wecomButton: string;
  signInIncomplete: string;
  signInFailedTitle: string;
  /** why a WeCom sign-in came back without tokens (#dg_error=…) */
  signInErrors: Record<string, string>;
}

const MESSAGES: Record<Lang, Messages> = {
  'zh-CN': {
    noAccess: '你没有权限查看此页面',
    signedInAs: '当前登录的账号：{name}{departments}',
    askFor: '如需访问，请联系：',
    listSeparator: '、',
    askAdmin: '如需访问，请联系文档管理员。',
    switchAccount: '切换账号',
    checkFailed: '暂时无法确认你的访问权限',
    checkFailedHint: '请检查网络连接后重试。',
    retry: '重试',
    signInTitle: '登录',
    signInHint: '开发登录：仅用于演示和测试。',
    signInLabel: '账号',
    signInSubmit: '登录',
    signInFailed: '登录失败：',
    errors: {
      user_not_found: '通讯录中没有这个账号。',
      user_inactive: '这个账号已停用或已离职。',
      rate_limited: '尝试太频繁，请稍后再试。',
    },
    wecomTitle: '请先登录',
    wecomHint: '使用企业微信扫码登录后即可阅读。在企业微信中打开本页会自动登录。',
    wecomButton: '企业微信扫码登录',
    signInIncomplete: '登录没有完成。',
    signInFailedTitle: '未能登录',
    signInErrors: {
      user_not_found: '你的企业微信账号不在文档的通讯录中，请联系文档管理员。',
      user_inactive: '你的账号已停用或已离职，无法访问文档。',
      not_a_member: '只有企业成员可以登录。',
      wecom_code_invalid: '登录已失效，请重新登录。',
      wecom_unavailable: '暂时无法连接企业微信，请稍后重试。',
      wecom_not_configured: '文档站尚未配置企业微信登录，请联系管理员。',
      sign_in_expired: '登录已过期，请重新登录。',
    },
  },
  en: {
    noAccess: "You don't have access to this page",
    signedInAs: 'Signed in as {name}{departments}',
    askFor: 'To get access, ask ',
    listSeparator: ', ',
    askAdmin: 'To get access, ask the documentation admins.',
    switchAccount: 'Switch account',
    checkFailed: 'Your access could not be checked',
    checkFailedHint: 'Check your connection and try again.',
    retry: 'Try again',
    signInTitle: 'Sign in',
    signInHint: 'Dev sign-in: for demos and tests only.',
    signInLabel: 'Account',
    signInSubmit: 'Sign in',
    signInFailed: 'Sign-in failed: ',
    errors: {
      user_not_found: 'there is no such account in the directory.',
      user_inactive: 'this account is disabled or has left the company.',
      rate_limited: 'too many attempts; try again in a moment.',
    },
    wecomTitle: 'Please sign in',
    wecomHint: 'Scan the QR code with WeCom to read this page. Opened inside WeCom, you are signed in automatically.',
    wecomButton: 'Sign in with WeCom',
    signInIncomplete: 'The sign-in did not complete.',
    signInFailedTitle: 'You could not be signed in',
    signInErrors: {
      user_not_found: "Your WeCom account is not in the documentation's directory; ask the documentation admins.",
      user_inactive: 'Your account is disabled or has left the company.',
      not_a_member: 'Only members of the company can sign in.',
      wecom_code_invalid: 'The sign-in expired; sign in again.',
      wecom_unavailable: 'WeCom cannot be reached right now; try again in a moment.',
      wecom_not_configured: 'WeCom sign-in is not set up for this site yet; ask the admins.',
      sign_in_expired: 'The sign-in expired; sign in again.',
    },
  },
};

/** An explicit choice, else the page's language, else the browser's; Chinese or English. */
export function chooseLang(explicit?: string | null): Lang {
  const lang = (explicit || document.documentElement.lang || navigator.language || 'en').toLowerCase();
  return lang.startsWith('zh') ? 'zh-CN' : 'en';
}

export function messages(lang: Lang): Messages {
  return MESSAGES[lang];
}
