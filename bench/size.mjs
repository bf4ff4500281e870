// The script-tag file is everything an employee's browser loads from docgate: its size is a
// budget (issue #3: ≤ 10 KB gzip), and lit must never enter it. The admin components with lit
// have theirs (issue #6: ≤ 35 KB gzip) for what an admin page loads: the entry, any chunk it
// imports, and the words of one language (chunks/words-<lang>-*.js, fetched for the page's
// language; zh-CN, the larger, is counted). Files are compressed one by one, as served.
// `--check` (run by npm test) fails when a budget is exceeded and leaves bench/results alone (a
// test run must not dirty the working tree); without it, the numbers are reported and saved.
const check = process.argv.includes('--check');
import { readdirSync, readFileSync } from 'node:fs';
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
const bundleDir = path.join(repoDir, 'packages/elements/dist/bundle');
const measure = (files) => {
  const sizes = files.map((file) => {
    const body = readFileSync(path.join(bundleDir, file));
    return { bytes: body.length, gzip: gzipSync(body, { level: 9 }).length, brotli: brotliCompressSync(body).length };
  });
  return { files, ...Object.fromEntries(['bytes', 'gzip', 'brotli'].map((key) => [key, sizes.reduce((sum, size) => sum + size[key], 0)])) };
};
const chunks = readdirSync(path.join(bundleDir, 'chunks'))
  .filter((file) => file.endsWith('.js'))
  .map((file) => `chunks/${file}`);
const words = (lang) => chunks.filter((file) => file.startsWith(`chunks/words-${lang}-`));
const shared = chunks.filter((file) => !/^chunks\/words-/.test(file));
const page = measure(['docgate-elements.js', ...shared, ...words('zh-CN')]);
const english = measure(words('en'));
const everything = measure(['docgate-elements.js', ...chunks]);
const elementsGzip = page.gzip;
const elementsCode = readFileSync(path.join(bundleDir, 'docgate-elements.js'));
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
      file: 'admin page: docgate-elements.js + zh-CN words (all components, lit)',
      bytes: page.bytes,
      gzip: page.gzip,
      brotli: page.brotli,
      budget: `${ELEMENTS_BUDGET_GZIP} gzip`,
      verdict: elementsGzip <= ELEMENTS_BUDGET_GZIP ? 'met' : 'NOT MET',
    },
    {
      file: 'en words (an English page loads them instead of zh-CN)',
      bytes: english.bytes,
      gzip: english.gzip,
      brotli: english.brotli,
      budget: 'informative',
      verdict: '',
    },
    {
      file: 'all of the elements\' bundle (both languages)',
      bytes: everything.bytes,
      gzip: everything.gzip,
      brotli: everything.brotli,
      budget: 'informative',
      verdict: '',
    },
  ],
  [
    `lit in docgate.js: ${lit ? 'YES (not allowed)' : 'no'}; admin components in docgate.js: ${components ? 'YES (not allowed)' : 'no'}. gzip level 9, brotli default quality.`,
    `admin page: ${page.files.join(', ')} (packages/elements/dist/bundle), each compressed on its own.`,
  ],
  { save: !check },
);

if (check && (gzip > BUDGET_GZIP || lit || components)) {
  console.error(`\nsize check failed: ${gzip} bytes gzip (budget ${BUDGET_GZIP})${lit ? ', and lit is in the bundle' : ''}${components ? ', and admin components are in it' : ''}`);
  process.exit(1);
}
if (check && elementsGzip > ELEMENTS_BUDGET_GZIP) {
  console.error(`\nsize check failed: an admin page loads ${elementsGzip} bytes gzip of the elements (${page.files.join(', ')}; budget ${ELEMENTS_BUDGET_GZIP})`);
  process.exit(1);
}
