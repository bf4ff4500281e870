import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type SqliteDatabase from 'better-sqlite3';

/**
 * WAL checkpoints off the server's thread. better-sqlite3 is synchronous: a checkpoint run by
 * the connection that commits (SQLite's default, every 1 000 pages of WAL) copies those pages
 * into the database file and syncs it while every request waits — under a stream of reading
 * events, that was half the time of each commit (docs/perf.md). Here the server's connection
 * never checkpoints; a worker thread with its own connection runs a PASSIVE checkpoint every
 * `intervalMs` (it never blocks writers or readers), so the WAL stays small and restarts from
 * its beginning once copied. If the worker dies, the connection checkpoints by itself again.
 */
export function startBackgroundCheckpoints(native: SqliteDatabase.Database, file: string, intervalMs = 200): () => Promise<void> {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  // Inline code (not a file) so that it works the same from tsc's output and from the bundle.
  const worker = new Worker(
    `const { parentPort, workerData } = require('node:worker_threads');
     const Database = require(workerData.driver);
     const db = new Database(workerData.file);
     db.pragma('busy_timeout = 1000');
     const checkpoint = () => { try { db.pragma('wal_checkpoint(PASSIVE)'); } catch { /* busy: next time */ } };
     const timer = setInterval(checkpoint, workerData.intervalMs);
     parentPort.on('message', () => { clearInterval(timer); checkpoint(); db.close(); parentPort.close(); });`,
    { eval: true, workerData: { driver, file, intervalMs } },
  );
  worker.unref();
  native.pragma('wal_autocheckpoint = 0');
  let stopping = false;
  const fallBack = () => {
    if (!stopping && native.open) native.pragma('wal_autocheckpoint = 1000');
  };
  worker.on('error', fallBack);
  worker.on('exit', fallBack);
  return async () => {
    stopping = true;
    const exited = new Promise((resolve) => worker.once('exit', resolve));
    // Unreferenced, it would not keep the process alive while we wait for it.
    worker.ref();
    worker.postMessage('stop');
    await exited;
  };
}
