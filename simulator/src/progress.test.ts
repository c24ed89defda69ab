import { formatProgress } from './progress';

describe('the progress line', () => {
  it('shows simulated time, share done, points written, rate and time left', () => {
    const from = Date.UTC(2026, 0, 15);
    const line = formatProgress({
      fromMs: from,
      toMs: from + 86_400_000,
      simulatedMs: from + 21_600_000,
      written: 250_000,
      elapsedMs: 10_000,
    });
    expect(line).toBe('simulated 2026-01-15T06:00:00Z (25.0%) | 250,000 points written | 25,000 points/s | ETA 0:30');
  });

  it('says 0:00 left when done and ? before anything is done', () => {
    const from = Date.UTC(2026, 0, 15);
    expect(
      formatProgress({ fromMs: from, toMs: from + 1000, simulatedMs: from + 1000, written: 1, elapsedMs: 1 })
    ).toContain('ETA 0:00');
    expect(formatProgress({ fromMs: from, toMs: from + 1000, simulatedMs: from, written: 0, elapsedMs: 0 })).toContain(
      'ETA ?'
    );
  });
});
