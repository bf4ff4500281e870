import type { CommonMessages } from './messages.js';

const words: CommonMessages = {
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
};

export default words;
