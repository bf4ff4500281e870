// npm run bench: every benchmark, one after the other (they share two cores; never in parallel).
// Each prints its table and writes bench/results/<name>.json; docs/perf.md quotes them.
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { benchDir } from './lib/report.mjs';

const only = process.argv.slice(2);
const scripts = readdirSync(benchDir)
  .filter((f) => f.endsWith('.mjs') && f !== 'run-all.mjs')
  .filter((f) => only.length === 0 || only.includes(f.replace(/\.mjs$/, '')));
for (const script of scripts) {
  execFileSync(process.execPath, [path.join(benchDir, script)], { stdio: 'inherit' });
}
