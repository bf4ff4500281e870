import { createHash } from 'node:crypto';

/** PKCE S256 (RFC 7636 §4.2): base64url(SHA-256(verifier)). */
export function pkceChallenge(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}
