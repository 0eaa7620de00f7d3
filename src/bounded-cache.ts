/**
 * A map that forgets every entry when a new key would take it past `limit`: the memo of something derived from an
 * input a process sees few distinct values of (a SecretKey, a Host, a declared header list, an endpoint), bounded
 * so that a stream of distinct inputs cannot grow it without end. Forgetting all at once, rather than the oldest
 * entry, keeps a hit to one `Map` lookup; a process that really sees few values never reaches the limit.
 */
export class BoundedCache<K, V> {
  readonly #entries = new Map<K, V>();
  readonly #limit: number;

  /** `limit`: the most entries held (below 1, one is held all the same). */
  constructor(limit: number) {
    this.#limit = limit;
  }

  /** The value remembered for `key`, if any. */
  get(key: K): V | undefined {
    return this.#entries.get(key);
  }

  /** Whether `key` is remembered (its value may be `undefined`). */
  has(key: K): boolean {
    return this.#entries.has(key);
  }

  /** Remembers `value` for `key`; a new key when the cache is full first empties it. */
  set(key: K, value: V): void {
    if (this.#entries.size >= this.#limit && !this.#entries.has(key)) this.#entries.clear();
    this.#entries.set(key, value);
  }

  /** Entries held now. */
  get size(): number {
    return this.#entries.size;
  }
}
