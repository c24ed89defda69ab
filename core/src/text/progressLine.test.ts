import { formatClock, formatTimeLeft, ProgressLine } from './progressLine';

/** A progress line over a clock the test moves, and what it wrote. */
function lineWithClock(terminal: boolean, quietStart?: boolean) {
  let time = 1_000_000;
  const written: string[] = [];
  const line = new ProgressLine<number>(
    (text) => written.push(text),
    (n) => `done ${n}`,
    { terminal, quietStart, now: () => time }
  );
  return {
    line,
    written,
    advance: (ms: number) => {
      time += ms;
    },
  };
}

describe('the progress line of a long command', () => {
  it('redraws in place on a terminal at most once a second, and ends the line when finished', () => {
    const { line, written, advance } = lineWithClock(true);
    line.update(1);
    advance(400);
    line.update(2);
    advance(700);
    line.update(3);
    line.finish(4);
    expect(written).toEqual(['\rdone 1\x1b[K', '\rdone 3\x1b[K', '\rdone 4\x1b[K', '\n']);
  });

  it('writes a new line every five seconds elsewhere', () => {
    const { line, written, advance } = lineWithClock(false);
    line.update(1);
    advance(4_999);
    line.update(2);
    advance(1);
    line.update(3);
    line.finish(4);
    expect(written).toEqual(['done 1\n', 'done 3\n', 'done 4\n']);
  });

  it('with a quiet start, prints nothing for a run shorter than one interval, not even when finished', () => {
    const { line, written, advance } = lineWithClock(false, true);
    line.update(1);
    advance(4_999);
    line.update(2);
    line.finish(3);
    expect(written).toEqual([]);
  });

  it('with a quiet start, prints once the first interval has passed, and the final state at the end', () => {
    const { line, written, advance } = lineWithClock(true, true);
    advance(1_000);
    line.update(1);
    line.finish(2);
    expect(written).toEqual(['\rdone 1\x1b[K', '\rdone 2\x1b[K', '\n']);
  });
});

describe('durations in a progress line', () => {
  it('writes m:ss, and h:mm:ss from an hour on', () => {
    expect(formatClock(0)).toBe('0:00');
    expect(formatClock(61_400)).toBe('1:01');
    expect(formatClock(3_600_000 + 5_000)).toBe('1:00:05');
  });

  it('works out the time left at the pace so far', () => {
    expect(formatTimeLeft(10_000, 0.25)).toBe('0:30');
    expect(formatTimeLeft(10_000, 0)).toBe('?');
    expect(formatTimeLeft(10_000, 1)).toBe('0:00');
  });
});
