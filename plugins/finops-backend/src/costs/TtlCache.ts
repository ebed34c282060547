/**
 * A small cache of recent answers, for lookups that every cost request repeats (is this entity
 * in the catalog for this caller; the group tree). Entries live `ttlMs`; the oldest go first
 * beyond `maxEntries`. It only saves work: an entry that expired is asked again.
 */
export class TtlCache<T> {
  private readonly entries = new Map<
    string,
    { at: number; value: Promise<T> }
  >();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 5_000,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string, load: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key);
    if (hit && this.now() - hit.at < this.ttlMs) {
      return hit.value;
    }
    const value = load();
    this.entries.delete(key);
    this.entries.set(key, { at: this.now(), value });
    // A failed lookup is not kept.
    value.catch(() => this.entries.delete(key));
    while (this.entries.size > this.maxEntries) {
      this.entries.delete(this.entries.keys().next().value!);
    }
    return value;
  }
}
