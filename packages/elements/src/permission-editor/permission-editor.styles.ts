import { css } from 'lit';
import { MEMBER_ROW_HEIGHT } from './member-listbox.js';
import { TREE_ROW_HEIGHT } from './department-tree.js';

export const styles = css`
  section + section {
    margin-top: calc(var(--_space) * 3);
    padding-top: calc(var(--_space) * 2);
    border-top: 1px solid var(--_border);
  }
  h2 code,
  .path {
    font-family: ui-monospace, SFMono-Regular, Menlo, monospace;
    font-size: 0.95em;
    font-weight: normal;
    overflow-wrap: anywhere;
  }
  caption {
    text-align: start;
    font-weight: 600;
    padding: var(--_space) 0 calc(var(--_space) / 2);
  }
  .table-wrap {
    overflow-x: auto;
  }
  tr.pending td {
    color: var(--_muted);
    font-style: italic;
  }
  .badge.manage {
    color: var(--_accent);
  }
  .badge.expired,
  .badge.none {
    color: var(--_danger);
  }
  .restriction {
    display: flex;
    gap: var(--_space);
    align-items: flex-start;
    padding: var(--_space);
    margin-bottom: var(--_space);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
  }
  .notice {
    color: var(--_success);
  }
  .notice:empty {
    margin: 0;
  }
  .alert {
    display: flex;
    gap: var(--_space);
    align-items: flex-start;
    justify-content: space-between;
    padding: var(--_space);
    margin-bottom: var(--_space);
    border: 1px solid var(--_danger);
    border-radius: var(--_radius);
    color: var(--_danger);
  }
  .alert p {
    margin: 0;
  }
  [role='tablist'] {
    display: flex;
    gap: 2px;
    border-bottom: 1px solid var(--_border);
    margin-bottom: var(--_space);
  }
  [role='tab'] {
    border: none;
    border-bottom: 2px solid transparent;
    border-radius: var(--_radius) var(--_radius) 0 0;
    background: none;
    color: var(--_muted);
  }
  [role='tab'][aria-selected='true'] {
    color: var(--_text);
    border-bottom-color: var(--_accent);
    font-weight: 600;
  }
  [role='tabpanel'] {
    margin-bottom: var(--_space);
  }
  label.block {
    display: block;
    color: var(--_muted);
    margin-bottom: calc(var(--_space) / 2);
  }
  input[type='search'] {
    width: 100%;
    max-width: 28rem;
  }
  .count {
    margin: calc(var(--_space) / 2) 0;
    font-size: 0.9em;
  }
  .tree,
  .listbox {
    position: relative;
    overflow-y: auto;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    margin: calc(var(--_space) / 2) 0;
    background: var(--_bg);
    contain: strict;
  }
  .tree[hidden] {
    display: none;
  }
  .spacer {
    position: relative;
    width: 100%;
  }
  .treeitem,
  .option {
    position: absolute;
    inset-inline: 0;
    cursor: pointer;
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
    border-radius: calc(var(--_radius) / 2);
  }
  .treeitem {
    height: ${TREE_ROW_HEIGHT}px;
    line-height: ${TREE_ROW_HEIGHT}px;
  }
  .option {
    height: ${MEMBER_ROW_HEIGHT}px;
    padding: 2px var(--_space);
    display: flex;
    flex-direction: column;
    justify-content: center;
    line-height: 1.3;
  }
  .option .detail {
    font-size: 0.85em;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .treeitem:hover,
  .option:hover {
    background: var(--_surface);
  }
  .treeitem[aria-selected='true'],
  .option[aria-selected='true'] {
    background: var(--_accent);
    color: var(--_on-accent);
  }
  .treeitem[aria-selected='true'] .muted,
  .option[aria-selected='true'] .muted {
    color: inherit;
  }
  .treeitem:focus-visible,
  .option:focus-visible {
    outline-offset: -2px;
  }
  .toggle {
    display: inline-block;
    width: 1.25em;
    text-align: center;
    color: var(--_muted);
  }
  .treeitem[aria-selected='true'] .toggle {
    color: inherit;
  }
  .name-en {
    margin-inline-start: var(--_space);
    font-size: 0.9em;
  }
  label.choice {
    display: flex;
    gap: calc(var(--_space) / 2);
    align-items: flex-start;
    margin-bottom: calc(var(--_space) / 2);
  }
  input[type='radio'],
  input[type='checkbox'] {
    min-height: 0;
    padding: 0;
    margin: 0.25em 0 0;
    accent-color: var(--_accent);
  }
  .form {
    display: grid;
    gap: var(--_space);
    margin-top: var(--_space);
    padding-top: var(--_space);
    border-top: 1px dashed var(--_border);
  }
  .chosen {
    margin: 0;
  }
  ul.picks {
    list-style: none;
    padding: 0;
    margin: calc(var(--_space) / 2) 0;
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_space) / 2);
  }
  /* A long audience scrolls inside the panel, its header in view. */
  .access-list .table-wrap {
    max-height: 24rem;
    overflow: auto;
  }
  .access-list thead th {
    position: sticky;
    top: 0;
    background: var(--_bg);
  }
  .more {
    margin-top: var(--_space);
  }
  .explanation {
    padding: var(--_space);
    border-inline-start: 3px solid var(--_accent);
    background: var(--_surface);
    margin-top: var(--_space);
  }
  .explanation p:last-child {
    margin-bottom: 0;
  }
`;
