import { entitiesFrame, factor, factorsOverTimeFrame } from '../test/riskFrames';
import { isFactorsOverTimeFrame, readFactorsOverTime } from './factorsOverTime';
import { readRiskEntities } from './riskEntities';

const entities = readRiskEntities([
  entitiesFrame([
    {
      id: 'jump-1',
      zone: 'industrial-dmz',
      purdueLevel: 3.5,
      impact: 2,
      likelihood: 3.5,
      score: 26.6,
      factors: [
        factor('exposure', 'likelihood', 10, 'reached from lower-trust Office IT'),
        factor('recent-findings', 'likelihood', 6.4, '3 findings, the latest 2 min ago'),
      ],
    },
  ]),
]).entities;
const byId = new Map(entities.map((entity) => [entity.id, entity]));
const frame = factorsOverTimeFrame([
  {
    time: 1000,
    id: 'jump-1',
    score: 15,
    factors: [
      ['exposure', 10],
      ['recent-findings', 0, 'no findings'],
    ],
  },
  {
    time: 2000,
    id: 'jump-1',
    score: 26.6,
    factors: [
      ['exposure', 10],
      ['recent-findings', 6.4],
    ],
  },
]);

describe('readFactorsOverTime', () => {
  it('tells the factors frame from a timeline of scores', () => {
    expect(isFactorsOverTimeFrame(frame)).toBe(true);
    expect(isFactorsOverTimeFrame(entitiesFrame([]))).toBe(false);
  });

  it('explains a score at a bucket end, with the entity view giving labels and unchanged details', () => {
    const explainAt = readFactorsOverTime([frame], byId);
    const early = explainAt('jump-1', 1000);
    expect(early?.score).toBe(15);
    expect(early?.factors.map((f) => [f.label, f.contribution, f.detail])).toEqual([
      ['exposure', 10, 'reached from lower-trust Office IT'],
      ['recent findings', 0, 'no findings'],
    ]);
    expect(explainAt('jump-1', 2000)?.factors[1].detail).toBe('3 findings, the latest 2 min ago');
  });

  it('has nothing for a time or entity the frame does not carry', () => {
    const explainAt = readFactorsOverTime([frame], byId);
    expect(explainAt('jump-1', 1500)).toBeUndefined();
    expect(explainAt('plc-1', 1000)).toBeUndefined();
  });
});
