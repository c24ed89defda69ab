import { formatReadProgress } from './readProgress';

describe('the progress line of a command reading its input files', () => {
  it('names the file, the share of the input read, points, throughput and time left', () => {
    expect(
      formatReadProgress({
        command: 'conduit-analyze',
        file: 'week.lp',
        fileNumber: 2,
        files: 3,
        bytesRead: 300 * 1024 * 1024,
        totalBytes: 1200 * 1024 * 1024,
        points: 1_234_567,
        elapsedMs: 10_000,
      })
    ).toBe(
      'conduit-analyze: reading week.lp (2 of 3) | 300.0 of 1200.0 MB (25.0%) | 1,234,567 points | 30.0 MB/s | ETA 0:30'
    );
  });

  it('leaves out the file count for one file and says 0:00 left once all is read', () => {
    const line = formatReadProgress({
      command: 'conduit-import',
      file: 'day.lp',
      fileNumber: 1,
      files: 1,
      bytesRead: 2 * 1024 * 1024,
      totalBytes: 2 * 1024 * 1024,
      points: 10,
      elapsedMs: 1_000,
    });
    expect(line).toBe('conduit-import: reading day.lp | 2.0 of 2.0 MB (100.0%) | 10 points | 2.0 MB/s | ETA 0:00');
  });
});
