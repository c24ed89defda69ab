/**
 * Marks too close to tell apart, merged into density strips: at any zoom, a lane shows single marks where they
 * stand apart and a strip with a count where they crowd, so nothing is drawn on top of something else.
 */
import { SEVERITIES, type Severity } from '../finding';

export interface BinnableMark {
  time: number;
  severity: Severity;
}

export interface MarkBin {
  /** First and last mark of the bin, as indexes into the lane's marks. */
  first: number;
  last: number;
  count: number;
  /** Pixel positions of the first and the last mark. */
  x0: number;
  x1: number;
  worst: Severity;
}

/**
 * Walks marks in time order and starts a new bin whenever a mark lies at least `minGapPx` right of the
 * previous one; a bin of one mark is a single mark. `xOf` maps a time to its pixel position. Linear in the
 * number of marks.
 */
export function binMarks(marks: readonly BinnableMark[], xOf: (time: number) => number, minGapPx: number): MarkBin[] {
  const bins: MarkBin[] = [];
  let current: MarkBin | undefined;
  for (let index = 0; index < marks.length; index++) {
    const mark = marks[index];
    const x = xOf(mark.time);
    if (current !== undefined && x - current.x1 < minGapPx) {
      current.last = index;
      current.count++;
      current.x1 = x;
      if (SEVERITIES.indexOf(mark.severity) > SEVERITIES.indexOf(current.worst)) {
        current.worst = mark.severity;
      }
      continue;
    }
    current = { first: index, last: index, count: 1, x0: x, x1: x, worst: mark.severity };
    bins.push(current);
  }
  return bins;
}
