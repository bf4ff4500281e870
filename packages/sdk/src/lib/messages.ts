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
