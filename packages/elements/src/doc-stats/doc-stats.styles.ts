import { css } from 'lit';

export const styles = css`
  .numbers {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(9.5rem, 1fr));
    gap: var(--_space);
    margin: 0;
  }
  .card {
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: var(--_space) calc(var(--_space) * 1.5);
  }
  .card dt {
    color: var(--_muted);
    font-size: 0.9em;
  }
  .card dd {
    margin: 0;
    font-size: 1.5em;
    font-weight: 600;
    font-variant-numeric: tabular-nums;
  }
  .card dd.hint {
    font-size: 0.8em;
    font-weight: normal;
  }
  .section-head {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
    align-items: baseline;
    margin-bottom: var(--_space);
  }
  .section-head h3 {
    margin: 0;
  }
  .section-head .export {
    margin-inline-start: auto;
  }
  .account {
    font-size: 0.85em;
  }
  .badge {
    padding: 0 calc(var(--_space) / 2);
    font-size: 0.8em;
    color: var(--_warning);
  }
  .more {
    margin-top: var(--_space);
  }
`;
