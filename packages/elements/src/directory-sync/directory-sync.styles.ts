import { css } from 'lit';

export const styles = css`
  section + section {
    margin-top: calc(var(--_space) * 3);
    padding-top: calc(var(--_space) * 2);
    border-top: 1px solid var(--_border);
  }
  dl {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: calc(var(--_space) / 2) calc(var(--_space) * 2);
    margin: 0 0 var(--_space);
  }
  dt {
    color: var(--_muted);
  }
  dd {
    margin: 0;
    font-variant-numeric: tabular-nums;
  }
  .badge.done {
    color: var(--_success);
  }
  .badge.failed {
    color: var(--_danger);
  }
  .badge.running {
    color: var(--_accent);
  }
  progress {
    width: 100%;
    height: 0.75rem;
    accent-color: var(--_accent);
  }
  .errors {
    max-height: 20rem;
    overflow: auto;
    margin-top: var(--_space);
  }
  label {
    display: inline-flex;
    gap: calc(var(--_space) / 2);
    align-items: center;
  }
  .field {
    margin-bottom: var(--_space);
  }
  .field > label {
    display: block;
    color: var(--_muted);
    margin-bottom: calc(var(--_space) / 2);
  }
`;
