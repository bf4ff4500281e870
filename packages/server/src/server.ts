import type { FastifyInstance } from 'fastify';
import { buildApp, type BuildAppOptions } from './app.js';
import { SessionService } from './auth/sessions.js';
import { TokenService } from './auth/tokens.js';
import type { Config } from './config.js';
import { openDatabase, type Database } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { PermissionCache } from './permissions/service.js';
import { ReadingIngest } from './reading/ingest.js';
import type { WecomClientOptions } from './wecom/client.js';
import { WecomClients } from './wecom/clients.js';
import { startSyncSchedule } from './wecom/schedule.js';
import { DirectorySync } from './wecom/sync.js';
import type { Lifecycle, Services } from './services.js';
import { pruneAuthFlow } from './store/auth-flow.js';
import { prunePermissionChanges } from './store/permission-changes.js';
import { pruneRefreshTokens } from './store/refresh-tokens.js';
import { syncConfiguration } from './store/tenants.js';

/**
 * Opens the database, migrates it, writes the configured tenants and sites, loads (or creates)
 * the signing keys: everything the routes need. The caller owns `database` and closes it.
 */
export interface ServiceOptions {
  /** WeCom client settings (tests shorten the retry budget) */
  wecom?: Partial<WecomClientOptions>;
}

export async function createServices(config: Config, database?: Database, options: ServiceOptions = {}): Promise<Services> {
  const db = database ?? (await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir, backgroundCheckpoints: true }));
  try {
    await migrateToLatest(db);
    await syncConfiguration(db.db, config);
    const tokens = new TokenService(db, config);
    await tokens.init();
    const sessions = new SessionService(db, config, tokens);
    const permissions = new PermissionCache(db, config);
    const wecom = new WecomClients(config, options.wecom);
    const lifecycle: Lifecycle = { ready: false, draining: false };
    const reading = new ReadingIngest(db, permissions);
    const services = { config, database: db, tokens, sessions, permissions, wecom, reading, lifecycle } as Services;
    services.sync = new DirectorySync(services);
    return services;
  } catch (error) {
    if (!database) await db.close().catch(() => {});
    throw error;
  }
}

export interface RunningServer {
  app: FastifyInstance;
  services: Services;
  /** the address it listens on, e.g. http://127.0.0.1:8787 */
  url: string;
  /** stops accepting, lets requests in flight finish, closes the database */
  close(): Promise<void>;
}

const MAINTENANCE_INTERVAL_MS = 60 * 60 * 1000;

export async function startServer(config: Config, options: BuildAppOptions = {}): Promise<RunningServer> {
  const services = await createServices(config);
  const { database, lifecycle } = services;
  let app: FastifyInstance;
  try {
    app = await buildApp(services, options);
    await app.listen({ host: config.host, port: config.port });
  } catch (error) {
    await database.close().catch(() => {});
    throw error;
  }
  lifecycle.ready = true;
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;

  services.sync.onError = (error) => app.log.error({ err: error }, 'a directory sync failed unexpectedly');
  services.reading.startFolding((error) => app.log.error({ err: error }, 'folding reading events into the statistics failed; retrying'));
  const stopSchedule = startSyncSchedule(services, app.log);
  const maintenance = setInterval(() => {
    const now = Date.now();
    pruneRefreshTokens(database.db, now).catch((error: unknown) => app.log.warn({ err: error }, 'pruning refresh tokens failed'));
    pruneAuthFlow(database.db, now).catch((error: unknown) => app.log.warn({ err: error }, 'pruning sign-in states failed'));
    prunePermissionChanges(database.db, now).catch((error: unknown) => app.log.warn({ err: error }, 'pruning permission changes failed'));
  }, MAINTENANCE_INTERVAL_MS);
  maintenance.unref();

  let closing: Promise<void> | undefined;
  return {
    app,
    services,
    url: `http://${host}:${port}`,
    close() {
      closing ??= (async () => {
        lifecycle.draining = true;
        clearInterval(maintenance);
        stopSchedule();
        // close() ends connections idle at this moment; one whose request is still running
        // would, once answered, keep the server open for the whole keep-alive timeout (72 s).
        // With a tiny timeout it closes as soon as its answer is written.
        app.server.keepAliveTimeout = 1;
        await app.close();
        // Requests in flight were answered after their events committed; what is left is the
        // rollup journal, folded now (if that fails, by the first fold after the next start).
        try {
          await services.reading.close();
        } finally {
          await database.close();
        }
      })();
      return closing;
    },
  };
}
