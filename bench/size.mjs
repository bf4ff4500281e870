// The script-tag file is everything an employee's browser loads from docgate: its size is a
// budget (issue #3: ≤ 10 KB gzip), and lit must never enter it. The admin components with lit,
// in one module, have theirs (issue #6: ≤ 35 KB gzip). `--check` (run by npm test)
// fails when the budget is exceeded and leaves bench/results alone (a test run must not dirty the
// working tree); without it, the numbers are reported and saved.
const check = process.argv.includes('--check');
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { repoDir, report } from './lib/report.mjs';

const BUDGET_GZIP = 10 * 1024;
const ELEMENTS_BUDGET_GZIP = 35 * 1024;
const file = path.join(repoDir, 'packages/sdk/dist/docgate.js');
const code = readFileSync(file);
const gzip = gzipSync(code, { level: 9 }).length;
const brotli = brotliCompressSync(code).length;
const watermark = readFileSync(path.join(repoDir, 'packages/sdk/dist/docgate-watermark.js'));
const lit = /lit-html|LitElement|@lit\/|lit-element/.test(code.toString());
const elements = readFileSync(path.join(repoDir, 'packages/elements/dist/docgate-elements.js'));
const elementsGzip = gzipSync(elements, { level: 9 }).length;
// The employee's file must not carry any admin component.
const components = /dg-(permission-editor|doc-stats|site-stats|directory-sync)/.test(code.toString());

report(
  'size',
  'Script-tag file (packages/sdk/dist/docgate.js): everything an employee\'s browser loads',
  [
    {
      file: 'docgate.js (minified IIFE)',
      bytes: code.length,
      gzip,
      brotli,
      budget: `${BUDGET_GZIP} gzip`,
      verdict: gzip <= BUDGET_GZIP && !lit && !components ? 'met' : 'NOT MET',
    },
    {
      file: 'docgate-watermark.js (on demand)',
      bytes: watermark.length,
      gzip: gzipSync(watermark, { level: 9 }).length,
      brotli: brotliCompressSync(watermark).length,
      budget: 'only pages with data-watermark load it',
      verdict: '',
    },
    {
      file: 'docgate-elements.js (all admin components with lit, ESM)',
      bytes: elements.length,
      gzip: elementsGzip,
      brotli: brotliCompressSync(elements).length,
      budget: `${ELEMENTS_BUDGET_GZIP} gzip`,
      verdict: elementsGzip <= ELEMENTS_BUDGET_GZIP ? 'met' : 'NOT MET',
    },
  ],
  [`lit in docgate.js: ${lit ? 'YES (not allowed)' : 'no'}; admin components in docgate.js: ${components ? 'YES (not allowed)' : 'no'}. gzip level 9, brotli default quality.`],
  { save: !check },
);

if (check && (gzip > BUDGET_GZIP || lit || components)) {
  console.error(`\nsize check failed: ${gzip} bytes gzip (budget ${BUDGET_GZIP})${lit ? ', and lit is in the bundle' : ''}${components ? ', and admin components are in it' : ''}`);
  process.exit(1);
}
if (check && elementsGzip > ELEMENTS_BUDGET_GZIP) {
  console.error(`\nsize check failed: docgate-elements.js is ${elementsGzip} bytes gzip (budget ${ELEMENTS_BUDGET_GZIP})`);
  process.exit(1);
}
