/**
 * A bucket's median as the store computes it (the middle value, or the mean of the two middle values of
 * an even count), found by selection in place among values kept unboxed in a typed array. Selection
 * partitions around a few pivots, about two passes over the values, where sorting a bucket of a minute's
 * samples cost a pass per value.
 */

/**
 * Reorders `values[start, end)` so that `values[k]` holds the value that sorting would put there, with
 * none greater before it and none smaller after it. Values outside the range are left alone.
 *
 * Hoare partitions around a median of three. After `maxRounds` partitions (by default twice the rounds
 * that halving would need) the rest is sorted instead, so crafted values cannot make it quadratic.
 */
export function selectInPlace(
  values: Float64Array,
  start: number,
  end: number,
  k: number,
  maxRounds = 2 * Math.ceil(Math.log2(end - start + 1)) + 4
): void {
  let low = start;
  let high = end - 1;
  for (let round = 0; high > low; round++) {
    if (round >= maxRounds) {
      // Every value before `low` is no greater, and every value after `high` no smaller, than those between.
      values.subarray(low, high + 1).sort();
      return;
    }
    const pivot = medianOfThree(values[low], values[(low + high) >> 1], values[high]);
    let i = low;
    let j = high;
    while (i <= j) {
      while (values[i] < pivot) {
        i++;
      }
      while (values[j] > pivot) {
        j--;
      }
      if (i <= j) {
        const swap = values[i];
        values[i] = values[j];
        values[j] = swap;
        i++;
        j--;
      }
    }
    // Now values[low, j] <= pivot <= values[i, high], and anything between j and i equals the pivot.
    if (k <= j) {
      high = j;
    } else if (k >= i) {
      low = i;
    } else {
      return;
    }
  }
}

function medianOfThree(a: number, b: number, c: number): number {
  if (a < b) {
    return b < c ? b : a < c ? c : a;
  }
  return a < c ? a : b < c ? c : b;
}

/** The store's median of `values[start, end)`, which it reorders; NaN for no values. */
export function medianInPlace(values: Float64Array, start: number, end: number): number {
  const size = end - start;
  if (size <= 0) {
    return Number.NaN;
  }
  const middle = start + (size >> 1);
  selectInPlace(values, start, end, middle);
  if (size % 2 === 1) {
    return values[middle];
  }
  // The lower middle value is the greatest of those selection left before the upper one.
  let lowerMiddle = values[start];
  for (let i = start + 1; i < middle; i++) {
    if (values[i] > lowerMiddle) {
      lowerMiddle = values[i];
    }
  }
  return (lowerMiddle + values[middle]) / 2;
}
