import type { Loaders } from '../internal/words.js';

/** The words of <dg-directory-sync>, in `directory-sync.messages.<lang>.ts`, one module per language. */
export interface DirectorySyncMessages {
  title: string;
  lastSync: string;
  never: string;
  syncNow: string;
  syncing: string;
  phase: Record<string, string>;
  state: Record<string, string>;
  trigger: Record<string, string>;
  started: string;
  finished: string;
  by: string;
  added: string;
  updated: string;
  removed: string;
  progress: string;
  progressOf: string;
  failedBecause: string;
  importTitle: string;
  importHint: string;
  file: string;
  mode: string;
  modeMerge: string;
  modeFull: string;
  check: string;
  import: string;
  importing: string;
  chooseFile: string;
  confirmFull: string;
  confirmFullAction: string;
  checked: string;
  imported: string;
  resultRows: string;
  resultAdded: string;
  resultUpdated: string;
  resultUnchanged: string;
  resultDisabled: string;
  resultDepartments: string;
  encoding: string;
  errorsTitle: string;
  errorsMore: string;
  line: string;
  column: string;
  problem: string;
  downloadErrors: string;
  lineErrors: Record<string, string>;
}

/** Only the page's language is loaded (internal/words.ts). */
export const messages: Loaders<DirectorySyncMessages> = {
  'zh-CN': () => import('./directory-sync.messages.zh-CN.js'),
  en: () => import('./directory-sync.messages.en.js'),
};
