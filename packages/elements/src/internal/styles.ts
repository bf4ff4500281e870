import { css } from 'lit';

/**
 * What every dg- element shares. Colours, font, radius and spacing come from `--dg-*` custom
 * properties with fallbacks, so an element looks right with no CSS on any page, light or dark
 * (`prefers-color-scheme`); a site themes all of them by setting the properties once, e.g. on
 * `:root`. The `--_…` properties are private shorthands of the public ones.
 */
export const base = css`
  :host {
    --_text: var(--dg-color-text, #1f2328);
    --_muted: var(--dg-color-muted, #59636e);
    --_bg: var(--dg-color-background, #ffffff);
    --_surface: var(--dg-color-surface, #f6f8fa);
    --_border: var(--dg-color-border, #d1d9e0);
    --_accent: var(--dg-color-accent, #0b63ce);
    --_on-accent: var(--dg-color-on-accent, #ffffff);
    --_danger: var(--dg-color-danger, #c0262d);
    --_success: var(--dg-color-success, #1a7f37);
    --_warning: var(--dg-color-warning, #9a6700);
    --_focus: var(--dg-color-focus, #0b63ce);
    --_radius: var(--dg-radius, 6px);
    --_space: var(--dg-space, 0.5rem);
    display: block;
    box-sizing: border-box;
    color: var(--_text);
    background: var(--_bg);
    font-family: var(--dg-font-family, system-ui, -apple-system, 'Segoe UI', 'PingFang SC', 'Microsoft YaHei', sans-serif);
    font-size: var(--dg-font-size, 14px);
    line-height: 1.5;
    color-scheme: light dark;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: calc(var(--_space) * 2);
  }
  @media (prefers-color-scheme: dark) {
    :host {
      --_text: var(--dg-color-text, #e6edf3);
      --_muted: var(--dg-color-muted, #9198a1);
      --_bg: var(--dg-color-background, #0d1117);
      --_surface: var(--dg-color-surface, #151b23);
      --_border: var(--dg-color-border, #3d444d);
      --_accent: var(--dg-color-accent, #4493f8);
      --_on-accent: var(--dg-color-on-accent, #0d1117);
      --_danger: var(--dg-color-danger, #f85149);
      --_success: var(--dg-color-success, #3fb950);
      --_warning: var(--dg-color-warning, #d29922);
      --_focus: var(--dg-color-focus, #4493f8);
    }
  }
  :host([hidden]) {
    display: none;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  h2,
  h3 {
    margin: 0 0 var(--_space);
    font-size: 1.1em;
    font-weight: 600;
  }
  h3 {
    font-size: 1em;
  }
  p {
    margin: 0 0 var(--_space);
  }
  .muted {
    color: var(--_muted);
  }
  button,
  input,
  select {
    font: inherit;
    color: inherit;
  }
  button {
    cursor: pointer;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    padding: calc(var(--_space) / 2) calc(var(--_space) * 1.5);
    min-height: 2rem;
  }
  button.primary {
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_on-accent);
  }
  button.link {
    border: none;
    background: none;
    padding: 0 2px;
    min-height: 0;
    color: var(--_accent);
    text-decoration: underline;
  }
  button.danger {
    color: var(--_danger);
  }
  button:disabled {
    cursor: default;
    opacity: 0.6;
  }
  input,
  select {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
    padding: calc(var(--_space) / 2) var(--_space);
    min-height: 2rem;
  }
  :focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: 2px;
  }
  table {
    border-collapse: collapse;
    width: 100%;
  }
  th,
  td {
    text-align: start;
    padding: calc(var(--_space) / 2) var(--_space);
    border-bottom: 1px solid var(--_border);
    vertical-align: top;
  }
  th {
    font-weight: 600;
    color: var(--_muted);
  }
  td.number,
  th.number {
    text-align: end;
    font-variant-numeric: tabular-nums;
  }
  .state {
    padding: calc(var(--_space) * 2);
    text-align: center;
    color: var(--_muted);
  }
  .state.error {
    color: var(--_danger);
  }
  .error-text {
    color: var(--_danger);
  }
  .code {
    font-family: ui-monospace, SFMono-Regular, Menlo, monospace;
    font-size: 0.85em;
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
    align-items: center;
  }
  .badge {
    display: inline-block;
    padding: 0 var(--_space);
    border-radius: 999px;
    font-size: 0.85em;
    border: 1px solid currentColor;
    white-space: nowrap;
  }
  fieldset {
    border: none;
    padding: 0;
    margin: 0 0 var(--_space);
  }
  legend {
    padding: 0;
    margin-bottom: calc(var(--_space) / 2);
    color: var(--_muted);
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
`;
