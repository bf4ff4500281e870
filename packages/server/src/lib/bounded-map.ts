/**
 * A bounded map that forgets its oldest entry when full. Reads do not reorder entries: a read
 * that wrote into a large, long-lived map on every request made garbage collection dearer for the
 * whole server (bench/permissions.mjs), and for caches whose entries are cheap to rebuild the
 * oldest-first order does as well as least-recently-used.
 */
export class BoundedMap<K, V> {
  #map = new Map<K, V>();
  constructor(private readonly capacity: number) {}
  get(key: K): V | undefined {
    return this.#map.get(key);
  }
  set(key: K, value: V): void {
    this.#map.delete(key);
    this.#map.set(key, value);
    if (this.#map.size > this.capacity) this.#map.delete(this.#map.keys().next().value as K);
  }
  clear(): void {
    this.#map.clear();
  }
}
