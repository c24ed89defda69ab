/** A count with its noun in the right number: `1 line`, `2 lines`, `0 points`. Regular plurals only. */
export function countOf(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
