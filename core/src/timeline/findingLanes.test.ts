import { assignLanes, type LaneMark, NO_LANE_KEY } from './findingLanes';

const mark = (key: string, time: number, severity: LaneMark['severity'], level?: number): LaneMark => ({
  key,
  time,
  severity,
  ...(level === undefined ? {} : { level }),
});

describe('assignLanes', () => {
  it('orders zone lanes by Purdue level from the top, so a descent reads downwards', () => {
    const lanes = assignLanes(
      [mark('control', 5, 'critical', 1), mark('enterprise', 1, 'low', 4), mark('dmz', 3, 'high', 3.5)],
      'zone'
    );

    expect(lanes.map((lane) => lane.key)).toEqual(['enterprise', 'dmz', 'control']);
  });

  it('puts zones of unknown level after those with one, then by name', () => {
    const lanes = assignLanes([mark('b', 1, 'low'), mark('a', 2, 'low'), mark('ops', 3, 'low', 3)], 'zone');

    expect(lanes.map((lane) => lane.key)).toEqual(['ops', 'a', 'b']);
  });

  it('orders other lanes worst first, then by size, then by name', () => {
    const lanes = assignLanes(
      [
        mark('reconnaissance', 1, 'medium'),
        mark('brute-force', 2, 'medium'),
        mark('brute-force', 3, 'low'),
        mark('program-change', 4, 'critical'),
      ],
      'category'
    );

    expect(lanes.map((lane) => [lane.key, lane.worst])).toEqual([
      ['program-change', 'critical'],
      ['brute-force', 'medium'],
      ['reconnaissance', 'medium'],
    ]);
  });

  it('keeps the lane of findings without a key last, whatever it holds', () => {
    const lanes = assignLanes([mark(NO_LANE_KEY, 1, 'critical'), mark('T0855', 2, 'low')], 'technique');

    expect(lanes.map((lane) => lane.key)).toEqual(['T0855', NO_LANE_KEY]);
  });

  it('sorts each lane by time and loses no mark', () => {
    const marks = [mark('z', 30, 'low'), mark('z', 10, 'high'), mark('y', 20, 'info'), mark('z', 20, 'medium')];

    const lanes = assignLanes(marks, 'zone');

    expect(lanes.find((lane) => lane.key === 'z')?.marks.map((m) => m.time)).toEqual([10, 20, 30]);
    expect(lanes.flatMap((lane) => lane.marks)).toHaveLength(marks.length);
  });
});
