import { lastValueFrom, Observable, of, Subject, take } from 'rxjs';

import { ShareCache } from './shareCache';

function counted<T>(value: T): { make: () => Observable<T>; runs: () => number } {
  let runs = 0;
  return {
    make: () =>
      new Observable<T>((subscriber) => {
        runs++;
        subscriber.next(value);
        subscriber.complete();
      }),
    runs: () => runs,
  };
}

describe('ShareCache', () => {
  it('runs a key once for everyone who asks while it is fresh', async () => {
    let now = 0;
    const cache = new ShareCache<number>({ ttlMs: 5000, maxEntries: 10, now: () => now });
    const source = counted(42);

    const answers = await Promise.all([1, 2, 3].map(() => lastValueFrom(cache.get('k', source.make))));
    now = 4999;
    await lastValueFrom(cache.get('k', source.make));

    expect(answers).toEqual([42, 42, 42]);
    expect(source.runs()).toBe(1);
  });

  it('runs again once the value is older than the time to live', async () => {
    let now = 0;
    const cache = new ShareCache<number>({ ttlMs: 5000, maxEntries: 10, now: () => now });
    const source = counted(1);

    await lastValueFrom(cache.get('k', source.make));
    now = 5000;
    await lastValueFrom(cache.get('k', source.make));

    expect(source.runs()).toBe(2);
  });

  it('shares a run in flight, and cancels it only when nobody listens any more', () => {
    const cache = new ShareCache<number>({ ttlMs: 5000, maxEntries: 10 });
    const answer = new Subject<number>();
    let unsubscribed = 0;
    const make = () =>
      new Observable<number>((subscriber) => {
        const inner = answer.subscribe(subscriber);
        return () => {
          unsubscribed++;
          inner.unsubscribe();
        };
      });

    const first = cache.get('k', make).subscribe();
    const second = cache.get('k', make).subscribe();
    first.unsubscribe();
    expect(unsubscribed).toBe(0);
    second.unsubscribe();

    expect(unsubscribed).toBe(1);
    expect(cache.size).toBe(0);
  });

  it('forgets the oldest keys beyond its size', async () => {
    const cache = new ShareCache<string>({ ttlMs: 60_000, maxEntries: 2 });
    for (const key of ['a', 'b', 'c']) {
      await lastValueFrom(cache.get(key, () => of(key).pipe(take(1))));
    }
    const again = counted('a');

    await lastValueFrom(cache.get('a', again.make));

    expect(again.runs()).toBe(1);
    expect(cache.size).toBeLessThanOrEqual(2);
  });
});
