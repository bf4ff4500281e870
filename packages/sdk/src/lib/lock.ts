/**
 * Runs `task` while holding a lock shared by every tab of the origin (Web Locks API), so that
 * only one tab at a time refreshes the rotating refresh token: two tabs presenting the same one
 * would look like a stolen token and revoke the session (docs/security.md). Where Web Locks are
 * missing (insecure origins, very old browsers) the task runs unguarded.
 */
export function withLock<T>(name: string, task: () => Promise<T>): Promise<T> {
  const locks = (navigator as Navigator & { locks?: LockManager }).locks;
  return locks ? (locks.request(name, task) as Promise<T>) : task();
}
