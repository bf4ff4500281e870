export * from './errors.js';
export * from './identity.js';
export * from './directory.js';
export * from './permissions.js';
export * from './path.js';
export * from './events.js';
export * from './stats.js';
