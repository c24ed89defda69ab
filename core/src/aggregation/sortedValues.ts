/**
 * A bucket's median and distinct count from its values, kept unboxed in a typed array and sorted in place
 * once the bucket is complete.
 */

/**
 * Sorts `values[start, end)` in place. Insertion sort wins up to a hundred or so values (a bucket of samples
 * every second or two); beyond, the typed array's own sort orders numerically without a comparator call.
 */
export function sortRun(values: Float64Array, start: number, end: number): void {
  if (end - start > 128) {
    values.subarray(start, end).sort();
    return;
  }
  for (let i = start + 1; i < end; i++) {
    const v = values[i];
    let j = i - 1;
    while (j >= start && values[j] > v) {
      values[j + 1] = values[j];
      j--;
    }
    values[j + 1] = v;
  }
}

/** The store's median of sorted `values[start, end)`: the middle value, or the mean of the two middle values of an even count. */
export function sortedRunMedian(values: Float64Array, start: number, end: number): number {
  const size = end - start;
  const middle = start + (size >> 1);
  return size % 2 === 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
}

/** How many different values sorted `values[start, end)` holds. */
export function sortedRunDistinct(values: Float64Array, start: number, end: number): number {
  let distinct = end > start ? 1 : 0;
  for (let i = start + 1; i < end; i++) {
    if (values[i] !== values[i - 1]) {
      distinct++;
    }
  }
  return distinct;
}
