/*
 * Whole GraphQL answers kept in this process, keyed by what decides them (see answerKey in
 * graphql-http.ts: the graph's version, the document, the variables and the caller's roles),
 * bounded in bytes, least recently used out first, and emptied whenever the graph's version
 * moves: no answer outlives the graph it was read from.
 */

/** One kept answer: the JSON text sent, as it was sent. */
export interface CachedAnswer {
  body: string;
  /** The bytes it is counted for: the body, its key and a fixed overhead. */
  bytes: number;
}

/** Bytes counted for an entry beyond its body and key (the map's slot, the object). */
const ENTRY_OVERHEAD = 200;

/** What {@link ResponseCache} has done since it began. */
export interface ResponseCacheStats {
  entries: number;
  bytes: number;
  hits: number;
  misses: number;
  /** Answers not kept because one alone would take more than an eighth of the cache. */
  tooLarge: number;
}

export class ResponseCache {
  /** In use order: the first is the least recently used. */
  private readonly entries = new Map<string, CachedAnswer>();
  private bytes = 0;
  private hits = 0;
  private misses = 0;
  private tooLarge = 0;

  constructor(readonly maxBytes: number) {}

  get(key: string): CachedAnswer | undefined {
    const entry = this.entries.get(key);
    if (!entry) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry;
  }

  /** Keeps `body` under `key`, dropping the least recently used answers to make room. */
  set(key: string, body: string): void {
    // JavaScript strings take two bytes a character at most: counted so, the bound holds.
    const bytes = (body.length + key.length) * 2 + ENTRY_OVERHEAD;
    if (bytes > this.maxBytes / 8) {
      this.tooLarge++;
      return;
    }
    this.delete(key);
    while (this.bytes + bytes > this.maxBytes) {
      const oldest = this.entries.keys().next().value as string;
      this.delete(oldest);
    }
    this.entries.set(key, { body, bytes });
    this.bytes += bytes;
  }

  /** Drops every answer. */
  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }

  stats(): ResponseCacheStats {
    return {
      entries: this.entries.size,
      bytes: this.bytes,
      hits: this.hits,
      misses: this.misses,
      tooLarge: this.tooLarge,
    };
  }

  private delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.bytes -= entry.bytes;
  }
}
