// The script-tag file is everything an employee's browser loads from docgate: its size is a
// budget (issue #3: ≤ 10 KB gzip), and lit must never enter it. `--check` (run by npm test)
// fails when the budget is exceeded and leaves bench/results alone (a test run must not dirty the
// working tree); without it, the numbers are reported and saved.
const check = process.argv.includes('--check');
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { repoDir, report } from './lib/report.mjs';

const BUDGET_GZIP = 10 * 1024;
const file = path.join(repoDir, 'packages/sdk/dist/docgate.js');
const code = readFileSync(file);
const gzip = gzipSync(code, { level: 9 }).length;
const brotli = brotliCompressSync(code).length;
const watermark = readFileSync(path.join(repoDir, 'packages/sdk/dist/docgate-watermark.js'));
const lit = /lit-html|LitElement|@lit\/|lit-element/.test(code.toString());

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
      verdict: gzip <= BUDGET_GZIP && !lit ? 'met' : 'NOT MET',
    },
    {
      file: 'docgate-watermark.js (on demand)',
      bytes: watermark.length,
      gzip: gzipSync(watermark, { level: 9 }).length,
      brotli: brotliCompressSync(watermark).length,
      budget: 'only pages with data-watermark load it',
      verdict: '',
    },
  ],
  [`lit in the bundle: ${lit ? 'YES (not allowed)' : 'no'}. gzip level 9, brotli default quality.`],
  { save: !check },
);

if (check && (gzip > BUDGET_GZIP || lit)) {
  console.error(`\nsize check failed: ${gzip} bytes gzip (budget ${BUDGET_GZIP})${lit ? ', and lit is in the bundle' : ''}`);
  process.exit(1);
}
