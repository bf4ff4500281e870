/**
 * Protected content stays hidden until decided. The same rule belongs in the page's <head>
 * (docs/sdk.md): an async script may run after the first paint, a style in the head cannot.
 * Hidden with `visibility`, not `display`, so the layout does not jump when it is revealed.
 */
export const HIDE_RULE = '[data-dg-protect]:not([data-dg-state]),[data-dg-state=pending]{visibility:hidden!important}';

const CSS =
  HIDE_RULE +
  '.dg-panel{box-sizing:border-box;max-width:34rem;margin:3rem auto;padding:1.25rem 1.5rem;border:1px solid var(--dg-border,rgba(128,128,128,.35));' +
  'border-radius:var(--dg-radius,.5rem);background:var(--dg-surface,transparent);color:var(--dg-text,inherit);font:inherit;line-height:1.6;visibility:visible}' +
  '.dg-panel h2{margin:0 0 .5rem;font-size:1.15em}.dg-panel p{margin:.4rem 0}' +
  '.dg-panel button,.dg-signin button{font:inherit;padding:.3rem .9rem;margin-top:.5rem;border-radius:var(--dg-radius,.375rem);border:1px solid var(--dg-accent,#2563eb);' +
  'background:var(--dg-accent,#2563eb);color:var(--dg-on-accent,#fff);cursor:pointer}' +
  '.dg-panel button:focus-visible,.dg-signin :focus-visible{outline:2px solid var(--dg-focus,#2563eb);outline-offset:2px}' +
  '.dg-signin{border:1px solid var(--dg-border,rgba(128,128,128,.35));border-radius:var(--dg-radius,.5rem);padding:1.25rem 1.5rem;max-width:22rem;font:inherit}' +
  '.dg-signin label{display:block;margin:.5rem 0}.dg-signin input{display:block;width:100%;box-sizing:border-box;font:inherit;padding:.3rem .5rem;margin-top:.25rem}' +
  '.dg-signin__error{color:var(--dg-danger,#b91c1c)}' +
  '@media (prefers-color-scheme:dark){.dg-signin{background:#1f2328;color:#e6edf3}.dg-signin__error{color:var(--dg-danger,#f87171)}}';

export function injectStyles(): void {
  if (document.getElementById('dg-style')) return;
  const style = document.createElement('style');
  style.id = 'dg-style';
  style.textContent = CSS;
  document.head.append(style);
}
