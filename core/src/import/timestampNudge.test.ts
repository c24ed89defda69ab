import type { TelemetryPoint } from '../telemetryContract';
import { createTimestampNudger } from './timestampNudge';

function point(ns: bigint, tags: Record<string, string> = { a: '1', b: '2' }): TelemetryPoint {
  return { measurement: 'flow', tags, fields: { n: 1 }, timestampNs: ns };
}

describe('timestamp nudging', () => {
  it('moves each twin of a series and time 1 ns further and leaves other series alone', () => {
    const nudger = createTimestampNudger();
    expect(nudger.place(point(1000n)).timestampNs).toBe(1000n);
    expect(nudger.place(point(1000n)).timestampNs).toBe(1001n);
    expect(nudger.place(point(1000n)).timestampNs).toBe(1002n);
    expect(nudger.place(point(1000n, { a: '1', b: '3' })).timestampNs).toBe(1000n);
    expect(nudger.place(point(2000n)).timestampNs).toBe(2000n);
    expect(nudger.nudged).toBe(2);
  });

  it('forgets the oldest series and time beyond its capacity', () => {
    const nudger = createTimestampNudger(2);
    nudger.place(point(1000n));
    nudger.place(point(2000n));
    nudger.place(point(3000n));
    expect(nudger.place(point(1000n)).timestampNs).toBe(1000n);
    expect(nudger.place(point(3000n)).timestampNs).toBe(3001n);
  });
});

describe('timestamp nudging whatever the tag order', () => {
  it('treats the same tags in another order as the same series', () => {
    const nudger = createTimestampNudger();
    nudger.place(point(1000n, { a: '1', b: '2' }));
    expect(nudger.place(point(1000n, { b: '2', a: '1' })).timestampNs).toBe(1001n);
  });

  it('tells apart series whose tag values swap keys', () => {
    const nudger = createTimestampNudger();
    nudger.place(point(1000n, { a: '1', b: '2' }));
    expect(nudger.place(point(1000n, { a: '2', b: '1' })).timestampNs).toBe(1000n);
    expect(nudger.place({ ...point(1000n), measurement: 'auth' }).timestampNs).toBe(1000n);
  });
});

describe('timestamp nudging at scale', () => {
  it('finds every twin among a hundred thousand points of many series, and nudges nothing else', () => {
    const nudger = createTimestampNudger(1 << 18);
    const hosts = Array.from({ length: 300 }, (_, i) => `10.${i >> 8}.${i & 255}.7`);
    let nudged = 0;
    const wrong: string[] = [];
    for (let i = 0; i < 100_000; i++) {
      // Consecutive pairs share most tags (as a log's points do), so the per-tag memory is used and must not mislead.
      const pair = Math.floor(i / 2);
      const tags = {
        src_ip: hosts[pair % 300],
        dst_ip: hosts[(pair * 7) % 300],
        service: pair % 3 === 0 ? 'modbus' : 'https',
      };
      const time = BigInt(1_700_000_000_000_000 + pair * 1000) * 1000n;
      const placed = nudger.place(point(time, tags));
      // Every second point repeats the one before it (same series, same time): that one, and only that one, moves.
      const twin = i % 2 === 1;
      if (placed.timestampNs !== (twin ? time + 1n : time)) {
        wrong.push(`point ${i}: ${placed.timestampNs}`);
      }
      nudged += twin ? 1 : 0;
    }
    // The first pairs again, fifty thousand series later: found in the table, each the third of its kind.
    for (let pair = 0; pair < 1000; pair++) {
      const tags = {
        src_ip: hosts[pair % 300],
        dst_ip: hosts[(pair * 7) % 300],
        service: pair % 3 === 0 ? 'modbus' : 'https',
      };
      const time = BigInt(1_700_000_000_000_000 + pair * 1000) * 1000n;
      if (nudger.place(point(time, tags)).timestampNs !== time + 2n) {
        wrong.push(`pair ${pair} again`);
      }
    }
    expect(wrong).toEqual([]);
    expect(nudger.nudged).toBe(nudged + 1000);
  });
});
