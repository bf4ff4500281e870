import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Database } from '../db/database.js';
import { packageRoot } from '../lib/package-root.js';
import type { EventsSubmission, EventWriter, WrittenEvents } from './event-writer.js';
import type { RollupFolderOptions } from './rollup-folder.js';
import type { SerializedError, WriterReply, WriterRequest, WriterWorkerData } from './writer-worker.js';

type Request = WriterRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

/**
 * SQLite: the reading events are written, and the rollup journal folded, by a worker thread
 * with its own connection (reading/writer-worker.ts). better-sqlite3 is synchronous: on the
 * server's thread, every statement and every commit's fsync held up HTTP, JSON and the checks
 * of the requests coming in; here they run beside them, and the group commit gathers the next
 * transaction while the worker commits the last (docs/perf.md, "Reading events ingest").
 *
 * The worker is started on first use. It holds the process open only while it has work: the
 * background folds alone do not keep a process alive.
 */
export class WriterThread implements EventWriter {
  readonly #database: Database;
  readonly #folding: RollupFolderOptions | undefined;
  #worker: Worker | undefined;
  #broken: Error | undefined;
  #closing: Promise<void> | undefined;
  readonly #pending = new Map<number, { resolve(result: unknown): void; reject(error: Error): void }>();
  #lastId = 0;
  #onFoldError: (error: unknown) => void = () => {};
  #foldStats = { folds: 0, rows: 0 };

  constructor(database: Database, folding?: RollupFolderOptions) {
    this.#database = database;
    this.#folding = folding;
  }

  async write(items: EventsSubmission[]): Promise<WrittenEvents> {
    return (await this.#call({ op: 'write', items })) as WrittenEvents;
  }

  async fold(): Promise<void> {
    await this.#call({ op: 'fold' });
  }

  startFolding(onError: (error: unknown) => void): void {
    this.#onFoldError = onError;
    this.#call({ op: 'start' }).catch(onError);
  }

  /** as of the worker's last answer */
  get foldStats(): Readonly<{ folds: number; rows: number }> {
    return this.#foldStats;
  }

  close(): Promise<void> {
    this.#closing ??= (async () => {
      const worker = this.#worker;
      if (!worker) return;
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      try {
        if (!this.#broken) await this.#call({ op: 'close' }, true);
      } finally {
        worker.ref();
        await exited;
      }
    })();
    return this.#closing;
  }

  #call(request: Request, closing = false): Promise<unknown> {
    if (this.#closing && !closing) return Promise.reject(new Error('the reading writer is closed'));
    if (this.#broken) return Promise.reject(this.#broken);
    const worker = this.#start();
    const id = ++this.#lastId;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      if (this.#pending.size === 1) worker.ref();
      worker.postMessage({ ...request, id });
    });
  }

  #start(): Worker {
    if (this.#worker) return this.#worker;
    const native = this.#database.sqlite!;
    const data: WriterWorkerData = {
      dataDir: path.dirname(this.#database.location),
      autoCheckpoint: Number(native.pragma('wal_autocheckpoint', { simple: true })),
      folding: this.#folding,
    };
    // The worker runs tsc's output, also when this code runs from the `docgate` bundle.
    const worker = new Worker(path.join(packageRoot(), 'dist/reading/writer-worker.js'), { workerData: { docgateWriter: data } });
    worker.unref();
    worker.on('message', (reply: WriterReply) => {
      if (!reply.ok) {
        if ('op' in reply) return this.#onFoldError(revive(reply.error));
        const waiting = this.#settle(reply.id);
        return waiting?.reject(revive(reply.error));
      }
      this.#foldStats = reply.foldStats;
      this.#settle(reply.id)?.resolve(reply.result);
    });
    const fail = (error: Error) => {
      this.#broken ??= error;
      for (const id of [...this.#pending.keys()]) this.#settle(id)?.reject(error);
    };
    worker.on('error', (error) => fail(new Error(`the reading writer thread failed: ${error.message}`, { cause: error })));
    worker.on('exit', (code) => fail(new Error(`the reading writer thread exited (code ${code})`)));
    this.#worker = worker;
    return worker;
  }

  #settle(id: number) {
    const waiting = this.#pending.get(id);
    this.#pending.delete(id);
    if (this.#pending.size === 0) this.#worker?.unref();
    return waiting;
  }
}

/** An error from the worker, with its code (the group commit and the routes look at codes). */
function revive(error: SerializedError): Error {
  const revived = new Error(error.message);
  revived.name = error.name;
  if (error.code !== undefined) (revived as Error & { code?: string }).code = error.code;
  if (error.stack) revived.stack = error.stack;
  return revived;
}
