import crypto from 'node:crypto';

/** The key of an answer: a digest of everything it depends on, so that a key stays small. */
export function answerKey(parts: unknown[]): string {
  return crypto
    .createHash('sha256')
    .update(JSON.stringify(parts))
    .digest('base64url');
}

/** An answer as it is sent: its bytes and their ETag. */
export interface Answer {
  body: Buffer;
  etag: string;
}

/** An answer of a JSON value, serialised once. */
export function jsonAnswer(value: unknown): Answer {
  const body = Buffer.from(JSON.stringify(value));
  const digest = crypto.createHash('sha1').update(body).digest('base64url');
  return { body, etag: `"${digest}"` };
}

interface Entry {
  at: number;
  answer: Promise<Answer>;
  bytes: number;
}

/**
 * Serialised answers (bodies and their ETags) reused for `ttlMs` at most, bounded in entries and in bytes:
 * the least recently used go first. Requests that ask for the same key while it is being computed
 * share that computation. A failed computation is not kept. It only saves work: whoever may read
 * an answer is decided before the cache is asked, and the key must hold all the answer depends on.
 */
export class AnswerCache {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;

  constructor(
    private readonly limits: {
      ttlMs: number;
      maxEntries: number;
      maxBytes: number;
    },
    private readonly now: () => number = Date.now,
  ) {}

  /** Entries and bytes held (of the answers computed so far). */
  get size(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }

  get(key: string, compute: () => Promise<Answer>): Promise<Answer> {
    const hit = this.entries.get(key);
    if (hit && this.now() - hit.at < this.limits.ttlMs) {
      // Most recently used: to the end of the map's order.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.answer;
    }
    if (hit) this.remove(key, hit);
    const entry: Entry = { at: this.now(), answer: compute(), bytes: 0 };
    this.entries.set(key, entry);
    entry.answer.then(
      answer => {
        if (this.entries.get(key) !== entry) return;
        entry.bytes = answer.body.length;
        this.bytes += entry.bytes;
        this.evict();
      },
      () => {
        if (this.entries.get(key) === entry) this.remove(key, entry);
      },
    );
    this.evict();
    return entry.answer;
  }

  private remove(key: string, entry: Entry) {
    this.entries.delete(key);
    this.bytes -= entry.bytes;
  }

  private evict() {
    while (
      this.entries.size > this.limits.maxEntries ||
      (this.bytes > this.limits.maxBytes && this.entries.size > 0)
    ) {
      const [key, entry] = this.entries.entries().next().value!;
      this.remove(key, entry);
    }
  }
}
