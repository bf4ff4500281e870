import { css } from 'lit';

export const styles = css`
  .doc code {
    font-family: ui-monospace, SFMono-Regular, Menlo, monospace;
    font-size: 0.85em;
    overflow-wrap: anywhere;
  }
  h3 .scope {
    font-weight: normal;
    font-size: 0.9em;
  }
  .doc .title {
    display: block;
    font-weight: 600;
  }
  .trail {
    margin-bottom: var(--_space);
  }
  .coverage {
    font-variant-numeric: tabular-nums;
  }
  .share {
    display: flex;
    gap: var(--_space);
    align-items: center;
    min-width: 10rem;
  }
  .bar {
    flex: 1;
    display: block;
    height: 0.6rem;
    min-width: 4rem;
    border-radius: 999px;
    background: var(--_surface);
    border: 1px solid var(--_border);
    overflow: hidden;
  }
  .bar > span {
    display: block;
    height: 100%;
    background: var(--_accent);
  }
  .percent {
    min-width: 3.5em;
    text-align: end;
    font-variant-numeric: tabular-nums;
  }
`;
