import { EvidenceLog, millisecondBounds } from './evidence';

describe('scenario evidence', () => {
  it('keeps the first and last timestamp noted for a step, in any order', () => {
    const log = new EvidenceLog();
    log.note('s/a', 5_000_000_123n);
    log.note('s/a', 4_000_000_000n);
    log.note('s/a', 4_500_000_000n);
    expect(log.window('s/a')).toEqual({ firstNs: 4_000_000_000n, lastNs: 5_000_000_123n, points: 3 });
    expect(log.window('s/b')).toBeUndefined();
  });

  it('rounds the window outwards to whole milliseconds so it contains every point', () => {
    expect(
      millisecondBounds({ firstNs: 1_700_000_000_123_456_789n, lastNs: 1_700_000_001_000_000_001n, points: 2 })
    ).toEqual({
      start: 1_700_000_000_123,
      end: 1_700_000_001_001,
    });
    expect(millisecondBounds({ firstNs: 2_000_000n, lastNs: 3_000_000n, points: 2 })).toEqual({ start: 2, end: 3 });
  });
});
