/**
 * Stable finding ids: a 64-bit FNV-1a hash (two 32-bit halves with different offsets) of what makes a
 * finding the same finding, so reruns over the same data give the same ids and links survive reloads.
 */

function fnv1a(text: string, offset: number): number {
  let hash = offset;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** 16 hex digits identifying the parts, in order. */
export function findingId(parts: ReadonlyArray<string | number>): string {
  const text = parts.join('\u0001');
  const high = fnv1a(text, 0x811c9dc5);
  const low = fnv1a(text, 0x050c5d1f);
  return high.toString(16).padStart(8, '0') + low.toString(16).padStart(8, '0');
}
