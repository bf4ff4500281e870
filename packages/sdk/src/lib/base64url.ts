/** RFC 4648 §5 base64url without padding: safe in URLs and in the events' `segment` pattern. */
export const base64url = (bytes: Uint8Array): string => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
