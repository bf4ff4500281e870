import type { SessionService } from './auth/sessions.js';
import type { TokenService } from './auth/tokens.js';
import type { Config } from './config.js';
import type { Database } from './db/database.js';
import type { PermissionCache } from './permissions/service.js';
import type { ReadingIngest } from './reading/ingest.js';
import type { WecomClients } from './wecom/clients.js';
import type { DirectorySync } from './wecom/sync.js';

/** What the route plugins work with; built once at start (server.ts) or by a test. */
export interface Services {
  config: Config;
  database: Database;
  tokens: TokenService;
  sessions: SessionService;
  permissions: PermissionCache;
  wecom: WecomClients;
  /** full syncs from WeCom (routes, schedule and CLI share it) */
  sync: DirectorySync;
  /** reading events, written in groups (routes/events.ts) */
  reading: ReadingIngest;
  lifecycle: Lifecycle;
}

export interface Lifecycle {
  /** true once the server listens with its schema migrated and keys loaded */
  ready: boolean;
  /** true from the first shutdown signal on: /readyz answers 503 so load balancers drain us */
  draining: boolean;
}
