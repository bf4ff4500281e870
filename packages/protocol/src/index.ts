export * from './errors.js';
export * from './identity.js';
export * from './directory.js';
