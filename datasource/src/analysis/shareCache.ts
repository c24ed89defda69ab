import { finalize, type Observable, shareReplay, tap } from 'rxjs';

interface Entry<T> {
  stream: Observable<T>;
  /** Infinity while in flight; set when the value is complete. */
  expiresAt: number;
}

export interface ShareCacheOptions {
  /** How long a completed value is handed out again; a dashboard refresh runs its panels within this. */
  ttlMs: number;
  maxEntries: number;
  now?: () => number;
}

/**
 * Shares one run of a cold observable between everyone who asks for the same key while it is in flight and for
 * a short while after it completed, so that panels of one dashboard refresh (topology, risk, findings) fetch the
 * same data once. A run that everybody unsubscribed from before it completed is cancelled and forgotten, so a
 * changed time range does not leave requests running for nobody.
 */
export class ShareCache<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private readonly now: () => number;

  constructor(private readonly options: ShareCacheOptions) {
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: string, make: () => Observable<T>): Observable<T> {
    this.evict();
    const known = this.entries.get(key);
    if (known !== undefined) {
      return known.stream;
    }
    const entry: Entry<T> = { stream: make(), expiresAt: Infinity };
    entry.stream = entry.stream.pipe(
      tap({
        complete: () => {
          entry.expiresAt = this.now() + this.options.ttlMs;
        },
      }),
      finalize(() => {
        if (entry.expiresAt === Infinity && this.entries.get(key) === entry) {
          this.entries.delete(key);
        }
      }),
      shareReplay({ bufferSize: 1, refCount: true })
    );
    this.entries.set(key, entry);
    return entry.stream;
  }

  clear(): void {
    this.entries.clear();
  }

  private evict(): void {
    const now = this.now();
    for (const [key, entry] of this.entries) {
      if (entry.expiresAt <= now) {
        this.entries.delete(key);
      }
    }
    // Oldest first: a Map iterates in insertion order.
    for (const key of this.entries.keys()) {
      if (this.entries.size < this.options.maxEntries) {
        break;
      }
      this.entries.delete(key);
    }
  }
}
