export { buildApp, type BuildAppOptions } from './app.js';
export { createServices, startServer, type RunningServer } from './server.js';
export { loadConfig, ConfigError, type Config, type SiteConfig, type TenantConfig } from './config.js';
export { openDatabase, type Database } from './db/database.js';
export { migrateToLatest } from './db/migrate.js';
export { importMembersCsv } from './directory/import.js';
export { ApiError } from './errors.js';
export type { Services } from './services.js';
