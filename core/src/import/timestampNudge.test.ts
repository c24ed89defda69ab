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
