import type { TelemetryPoint } from '../telemetryContract';
import { createTimestampNudger } from './timestampNudge';

function point(ns: bigint, tags: Record<string, string> = { a: '1', b: '2' }): TelemetryPoint {
  return { measurement: 'flow', tags, fields: { n: 1 }, timestampNs: ns };
}

describe('timestamp nudging', () => {
  it('moves each point at the time of an earlier one of its measurement 1 ns further, whatever its tags', () => {
    const nudger = createTimestampNudger();
    expect(nudger.place(point(1000n)).timestampNs).toBe(1000n);
    expect(nudger.place(point(1000n)).timestampNs).toBe(1001n);
    expect(nudger.place(point(1000n, { a: '1', b: '3' })).timestampNs).toBe(1002n);
    expect(nudger.place({ ...point(1000n), measurement: 'auth' }).timestampNs).toBe(1000n);
    expect(nudger.place(point(2000n)).timestampNs).toBe(2000n);
    expect(nudger.nudged).toBe(2);
  });

  it('keeps the point itself when it moves nothing, and a copy with the same tags and fields when it does', () => {
    const nudger = createTimestampNudger();
    const first = point(1000n);
    expect(nudger.place(first)).toBe(first);
    const second = point(1000n);
    const moved = nudger.place(second);
    expect(moved).not.toBe(second);
    expect(moved).toEqual({ ...second, timestampNs: 1001n });
  });

  it('forgets the oldest times beyond its capacity', () => {
    const nudger = createTimestampNudger(2);
    nudger.place(point(1000n));
    nudger.place(point(2000n));
    nudger.place(point(3000n));
    expect(nudger.place(point(1000n)).timestampNs).toBe(1000n);
    expect(nudger.place(point(3000n)).timestampNs).toBe(3001n);
  });
});

describe('timestamp nudging of many twins', () => {
  it('counts on past what one table entry holds', () => {
    const nudger = createTimestampNudger();
    const placed = Array.from({ length: 600 }, () => nudger.place(point(5000n)).timestampNs);
    expect(new Set(placed).size).toBe(600);
    expect(placed[599]).toBe(5599n);
    expect(nudger.nudged).toBe(599);
  });

  it('finds a twin in the older generation when its time is earlier than the latest there', () => {
    const nudger = createTimestampNudger(4);
    nudger.place(point(9000n));
    nudger.place(point(1000n));
    nudger.place(point(3000n));
    // The table turned over: 9000 and 1000 are the older generation, 3000 the current one.
    expect(nudger.place(point(1000n)).timestampNs).toBe(1001n);
    expect(nudger.place(point(9000n)).timestampNs).toBe(9001n);
  });
});

describe('timestamp nudging at scale', () => {
  it('finds every twin among a hundred thousand points out of time order, and nudges nothing else', () => {
    const nudger = createTimestampNudger(1 << 18);
    const start = 1_700_000_000_000_000n;
    let nudged = 0;
    const wrong: string[] = [];
    for (let i = 0; i < 100_000; i++) {
      // Microsecond times in a scrambled order (a conn.log is ordered by connection end, not start); every
      // seventh point repeats the time of the one before it.
      const twin = i % 7 === 6;
      const slot = twin ? i - 1 : i;
      const time = (start + BigInt((slot * 7919) % 100_000)) * 1000n;
      const placed = nudger.place(point(time, { host: `10.0.${slot % 250}.1` }));
      if (placed.timestampNs !== (twin ? time + 1n : time)) {
        wrong.push(`point ${i}: ${placed.timestampNs - time} ns late`);
      }
      nudged += twin ? 1 : 0;
    }
    // The first times again, a hundred thousand points later: found in the table, each moved past the points it
    // held (two for a time that had a twin, none for the times the twins left out).
    let again = 0;
    for (let slot = 0; slot < 1000; slot++) {
      const time = (start + BigInt((slot * 7919) % 100_000)) * 1000n;
      const earlier = slot % 7 === 6 ? 0n : slot % 7 === 5 ? 2n : 1n;
      if (nudger.place(point(time)).timestampNs !== time + earlier) {
        wrong.push(`time of point ${slot} again`);
      }
      again += earlier > 0n ? 1 : 0;
    }
    expect(wrong).toEqual([]);
    expect(nudger.nudged).toBe(nudged + again);
  });
});
