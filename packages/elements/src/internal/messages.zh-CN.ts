import type { CommonMessages } from './messages.js';

const words: CommonMessages = {
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
};

export default words;
