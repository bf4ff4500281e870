import type { Kysely, Transaction } from 'kysely';
import type { Schema } from '../db/schema.js';

/** A connection or a transaction: every store function works inside or outside one. */
export type Executor = Kysely<Schema> | Transaction<Schema>;
