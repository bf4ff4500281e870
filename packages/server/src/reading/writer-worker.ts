/**
 * The writer thread's entry (reading/writer-thread.ts starts it): its own connection to the
 * SQLite file, on which it writes the reading events and folds the rollup journal, answering
 * the server's thread message by message.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../db/database.js';
import { writeEvents, type EventsSubmission } from './event-writer.js';
import { RollupFolder, type RollupFolderOptions } from './rollup-folder.js';

export interface WriterWorkerData {
  dataDir: string;
  /** the server's connection leaves checkpoints to db/checkpoints.ts: so does this one */
  autoCheckpoint: number;
  folding: RollupFolderOptions | undefined;
}

export type WriterRequest =
  | { id: number; op: 'write'; items: EventsSubmission[] }
  | { id: number; op: 'fold' }
  | { id: number; op: 'start' }
  | { id: number; op: 'close' };

export type WriterReply = { id: number; ok: true; result: unknown; foldStats: { folds: number; rows: number } } | { id: number; ok: false; error: SerializedError } | { id: 0; ok: false; op: 'fold-failed'; error: SerializedError };

export interface SerializedError {
  name: string;
  message: string;
  code: string | undefined;
  stack: string | undefined;
}

export function serializeError(error: unknown): SerializedError {
  const e = error instanceof Error ? error : new Error(String(error));
  return { name: e.name, message: e.message, code: (e as { code?: string }).code, stack: e.stack };
}

if (parentPort && (workerData as { docgateWriter?: WriterWorkerData } | undefined)?.docgateWriter) {
  const port = parentPort;
  const data = (workerData as { docgateWriter: WriterWorkerData }).docgateWriter;
  const database = await openDatabase({ dataDir: data.dataDir });
  database.sqlite!.pragma(`wal_autocheckpoint = ${data.autoCheckpoint}`);
  const folder = new RollupFolder(database, data.folding);
  const reply = (message: WriterReply) => port.postMessage(message);
  port.on('message', async (request: WriterRequest) => {
    try {
      let result: unknown = null;
      if (request.op === 'write') result = await writeEvents(database, request.items);
      else if (request.op === 'fold') await folder.fold();
      else if (request.op === 'start') folder.start((error) => reply({ id: 0, ok: false, op: 'fold-failed', error: serializeError(error) }));
      else {
        try {
          await folder.close();
        } finally {
          await database.close();
        }
      }
      reply({ id: request.id, ok: true, result, foldStats: folder.stats });
    } catch (error) {
      reply({ id: request.id, ok: false, error: serializeError(error) });
    }
    // Answered: with the port closed, the thread ends.
    if (request.op === 'close') port.close();
  });
}
