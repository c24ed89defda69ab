import { Scheduler } from './scheduler';

describe('the simulation clock', () => {
  it('runs activities in time order, ties in the order they were added', () => {
    const s = new Scheduler();
    const log: string[] = [];
    s.add(20, (t) => (log.push(`b${t}`), undefined));
    s.add(10, (t) => (log.push(`a${t}`), t < 30 ? t + 10 : undefined));
    s.add(20, (t) => (log.push(`c${t}`), undefined));
    s.runUntil(100);
    expect(log).toEqual(['a10', 'b20', 'a20', 'c20', 'a30']);
    expect(s.size).toBe(0);
  });

  it('does the same work whether run in one window or many', () => {
    const run = (windows: number[]): string[] => {
      const s = new Scheduler();
      const log: string[] = [];
      s.add(0, (t) => (log.push(`x${t}`), t + 7));
      s.add(3, (t) => (log.push(`y${t}`), t + 5));
      for (const until of windows) {
        s.runUntil(until);
      }
      return log;
    };
    expect(run([1, 2, 3, 10, 11, 50])).toEqual(run([50]));
  });

  it('leaves activities due at the window end for the next window', () => {
    const s = new Scheduler();
    const log: number[] = [];
    s.add(10, (t) => (log.push(t), undefined));
    s.runUntil(10);
    expect(log).toEqual([]);
    s.runUntil(11);
    expect(log).toEqual([10]);
  });
});
