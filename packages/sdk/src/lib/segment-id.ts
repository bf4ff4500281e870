import { base64url } from './base64url.js';

/**
 * A reading segment's id: 128 random bits (crypto.getRandomValues), 22 base64url characters.
 * Random rather than counted, so ids from many tabs, devices and replays never collide and the
 * server's max-merge per segment stays sound.
 */
export const segmentId = (): string => base64url(crypto.getRandomValues(new Uint8Array(16)));
