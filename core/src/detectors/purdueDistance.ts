/**
 * How many Purdue levels a connection jumps over: an office PC reaching a PLC (L4 to L1) skips the DMZ,
 * site operations and supervisory levels, which is worse than crossing into the next level down.
 */
import { PURDUE_LEVELS } from '../model/zoneModel';

/** Levels (the DMZ's 3.5 included) strictly between two levels. */
export function skippedLevels(a: number, b: number): number {
  const low = Math.min(a, b);
  const high = Math.max(a, b);
  return PURDUE_LEVELS.filter((level) => level > low && level < high).length;
}
