import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const benchDir = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
export const repoDir = path.dirname(benchDir);

/** Prints a table and saves it with the machine's description to bench/results/<name>.json. */
/** Prints the table; writes bench/results/<name>.json unless `save` is false (a check run by npm test). */
export function report(name, title, rows, notes = [], { save = true } = {}) {
  const columns = Object.keys(rows[0] ?? {});
  const width = (c) => Math.max(c.length, ...rows.map((r) => String(r[c]).length));
  const line = (cells) => `| ${cells.map((cell, i) => String(cell).padEnd(width(columns[i]))).join(' | ')} |`;
  const table = [line(columns), `|${columns.map((c) => '-'.repeat(width(c) + 2)).join('|')}|`, ...rows.map((r) => line(columns.map((c) => r[c])))].join('\n');
  process.stdout.write(`\n${title}\n\n${table}\n${notes.map((n) => `\n${n}`).join('')}\n`);
  const machine = {
    node: process.version,
    cpus: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown'}`,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    platform: `${os.platform()} ${os.release()}`,
  };
  if (!save) return;
  mkdirSync(path.join(benchDir, 'results'), { recursive: true });
  writeFileSync(
    path.join(benchDir, 'results', `${name}.json`),
    `${JSON.stringify({ name, title, measuredAt: new Date().toISOString(), machine, rows, notes, table }, null, 2)}\n`,
  );
}

export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export const ms = (value) => `${value.toFixed(0)} ms`;
export const s = (value) => `${(value / 1000).toFixed(2)} s`;
