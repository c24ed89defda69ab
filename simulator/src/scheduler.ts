/**
 * The simulation clock: activities wake at their own times and are run strictly in time order (ties by
 * the order they were added), so the output does not depend on how a run is cut into windows.
 */

/** Runs at `time` (ms) and returns when to run next, or undefined when it is finished. */
export type ActivityStep = (timeMs: number) => number | undefined;

interface Entry {
  time: number;
  order: number;
  step: ActivityStep;
}

export class Scheduler {
  private readonly heap: Entry[] = [];
  private added = 0;

  /** Adds an activity that first runs at `timeMs`. */
  add(timeMs: number, step: ActivityStep): void {
    this.push({ time: timeMs, order: this.added++, step });
  }

  /** Runs every activity due before `untilMs` (exclusive), in time order. */
  runUntil(untilMs: number): void {
    const heap = this.heap;
    while (heap.length > 0 && heap[0].time < untilMs) {
      const entry = heap[0];
      const next = entry.step(entry.time);
      if (next === undefined) {
        this.pop();
      } else {
        // Never backwards: an activity that asks for an earlier time runs again at the same time.
        entry.time = Math.max(next, entry.time);
        this.siftDown(0);
      }
    }
  }

  get size(): number {
    return this.heap.length;
  }

  private before(a: Entry, b: Entry): boolean {
    return a.time < b.time || (a.time === b.time && a.order < b.order);
  }

  private push(entry: Entry): void {
    const heap = this.heap;
    heap.push(entry);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(heap[i], heap[parent])) {
        break;
      }
      [heap[i], heap[parent]] = [heap[parent], heap[i]];
      i = parent;
    }
  }

  private pop(): void {
    const heap = this.heap;
    const last = heap.pop();
    if (last !== undefined && heap.length > 0) {
      heap[0] = last;
      this.siftDown(0);
    }
  }

  private siftDown(start: number): void {
    const heap = this.heap;
    let i = start;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let best = i;
      if (left < heap.length && this.before(heap[left], heap[best])) {
        best = left;
      }
      if (right < heap.length && this.before(heap[right], heap[best])) {
        best = right;
      }
      if (best === i) {
        return;
      }
      [heap[i], heap[best]] = [heap[best], heap[i]];
      i = best;
    }
  }
}
