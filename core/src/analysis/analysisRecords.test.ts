import { aggregateTelemetry } from '../aggregation/telemetryAggregation';
import { syntheticTelemetry, syntheticZoneModel } from '../aggregation/syntheticTelemetry';
import { encodePoint, parseLineProtocol } from '../influx/lineProtocol';
import { correlateFindings } from '../chains/correlateFindings';
import {
  analysedRanges,
  analysisPassPoint,
  chainPoint,
  coverageOf,
  findingPoint,
  pendingTail,
  replacedChainPoints,
  riskPoints,
  standingChainsFrom,
  storedChainsQuery,
  storedFindingsFrom,
  storedFindingsQuery,
  storedRiskFrom,
  storedRiskQuery,
  zoneFlowPoints,
} from './analysisRecords';
import { analysePlant } from './plantAnalysis';

const HOUR = 3_600_000;
const START = Date.UTC(2025, 2, 3);
const model = syntheticZoneModel();
const observations = aggregateTelemetry(
  syntheticTelemetry({ seed: 3, from: START, to: START + 2 * HOUR, flows: 4000, processSamples: 100, pairs: 60 }),
  { bucketMs: 60_000, range: { from: START, to: START + 2 * HOUR } }
);
const { findings } = analysePlant({ model, observations });

/** What InfluxDB answers to storedFindingsQuery for these points. */
function answerFor(lines: string[]): unknown {
  const { points } = parseLineProtocol(lines.join('\n'));
  return {
    results: [
      {
        series: [
          {
            name: 'conduit_finding',
            columns: ['time', 'finding'],
            values: points.map((p) => [Number(p.timestampNs / 1_000_000n), p.fields.finding]),
          },
        ],
      },
    ],
  };
}

describe('analysis records', () => {
  it('store a finding at its start time under tags that its id already decides, and read it back unchanged', () => {
    expect(findings.length).toBeGreaterThan(0);
    const lines = findings.map((f) => encodePoint(findingPoint(f)));
    const [first] = findings;
    expect(lines[0]).toMatch(new RegExp(`^conduit_finding,category=${first.category},.*id=${first.id}`));
    expect(lines[0].endsWith(` ${first.time}000000`)).toBe(true);
    expect(storedFindingsFrom([answerFor(lines)])).toEqual({ findings, problems: [] });
  });

  it('give the same line for the same finding, so a second write replaces the first', () => {
    const again = analysePlant({ model, observations }).findings;
    expect(again.map((f) => encodePoint(findingPoint(f)))).toEqual(findings.map((f) => encodePoint(findingPoint(f))));
  });

  it('count rows that are not findings instead of failing', () => {
    const answer = {
      results: [
        {
          series: [
            {
              name: 'conduit_finding',
              columns: ['time', 'finding'],
              values: [
                [1, '{'],
                [2, '{}'],
              ],
            },
          ],
        },
      ],
    };
    expect(storedFindingsFrom([answer])).toEqual({
      findings: [],
      problems: ['2 stored findings could not be read (field "finding")'],
    });
  });

  it('query the findings of a range with its end excluded', () => {
    expect(storedFindingsQuery({ from: START, to: START + HOUR })).toBe(
      `SELECT "finding" FROM "conduit_finding" WHERE time >= ${START}ms AND time <= ${START + HOUR - 1}ms`
    );
  });

  it('sum flows per minute, zone pair and service, as many connections as the flows had', () => {
    const window = { from: START, to: START + HOUR };
    const points = zoneFlowPoints(observations, model, window);
    const total = points.reduce((sum, p) => sum + Number(p.fields.connections), 0);
    const expected = observations.flows
      .filter((f) => f.bucketStart >= window.from && f.bucketStart < window.to)
      .reduce((sum, f) => sum + f.connections, 0);
    expect(total).toBe(expected);
    expect(new Set(points.map((p) => p.tags.src_zone))).toEqual(
      new Set(['enterprise', 'supervisory', 'basic-control'])
    );
  });

  it('merge the ranges of passes that touch into one covered range', () => {
    const pass = (from: number, to: number) => {
      const point = analysisPassPoint({ shard: 'plant', range: { from, to }, findings: 0, chains: 0, durationMs: 1 });
      return [Number(point.timestampNs / 1_000_000n), point.fields.to_ms];
    };
    const answer = {
      results: [
        {
          series: [
            { name: 'conduit_analysis', columns: ['time', 'to_ms'], values: [pass(0, 10), pass(10, 20), pass(30, 40)] },
          ],
        },
      ],
    };
    expect(analysedRanges([answer])).toEqual([
      { from: 0, to: 20 },
      { from: 30, to: 40 },
    ]);
  });

  it('split a range into the parts the analyzer covered and the parts to compute', () => {
    expect(
      coverageOf({ from: 0, to: 100 }, [
        { from: 20, to: 50 },
        { from: 70, to: 80 },
      ])
    ).toEqual({
      stored: [
        { from: 20, to: 50 },
        { from: 70, to: 80 },
      ],
      computed: [
        { from: 0, to: 20 },
        { from: 50, to: 70 },
        { from: 80, to: 100 },
      ],
    });
    expect(coverageOf({ from: 10, to: 30 }, [{ from: 0, to: 40 }])).toEqual({
      stored: [{ from: 10, to: 30 }],
      computed: [],
    });
    expect(coverageOf({ from: 10, to: 30 }, [])).toEqual({ stored: [], computed: [{ from: 10, to: 30 }] });
  });

  it("leave the end of a range after a following analyzer's latest pass to its next passes", () => {
    const MINUTE = 60_000;
    const range = { from: 0, to: 60 * MINUTE };
    const now = range.to;
    expect(pendingTail(range, [{ from: -HOUR, to: 57 * MINUTE }], now)).toEqual({
      from: 57 * MINUTE,
      to: 60 * MINUTE,
    });
    // A range shorter than the analyzer's lag is pending whole.
    expect(pendingTail({ from: 58 * MINUTE, to: 60 * MINUTE }, [{ from: 0, to: 57 * MINUTE }], now)).toEqual({
      from: 58 * MINUTE,
      to: 60 * MINUTE,
    });
    // A range that ends in the future is followed up to its end: the analyzer is judged by now, not by the range.
    expect(pendingTail({ from: 0, to: 90 * MINUTE }, [{ from: 0, to: 57 * MINUTE }], now)).toEqual({
      from: 57 * MINUTE,
      to: 90 * MINUTE,
    });
    // An analyzer that stopped long before now is not following: the rest is computed.
    expect(pendingTail(range, [{ from: 0, to: 40 * MINUTE }], now)).toBeUndefined();
    expect(pendingTail({ from: 0, to: 30 * MINUTE }, [{ from: 0, to: 20 * MINUTE }], now)).toBeUndefined();
    expect(pendingTail(range, [{ from: 0, to: 60 * MINUTE }], now)).toBeUndefined();
    expect(pendingTail(range, [], now)).toBeUndefined();
  });

  describe('risk', () => {
    const at = START + 2 * HOUR;
    const assessment = analysePlant({ model, observations, findings }).risk();
    /** What InfluxDB answers to storedRiskQuery for snapshots: one series per entity, oldest row first. */
    function riskAnswer(snapshots: Array<ReturnType<typeof riskPoints>>): unknown {
      const series = new Map<string, unknown[][]>();
      for (const point of snapshots.flat()) {
        const key = `${point.tags.kind}/${point.tags.entity}`;
        series.set(key, [...(series.get(key) ?? []), [Number(point.timestampNs / 1_000_000n), point.fields.risk]]);
      }
      return {
        results: [
          {
            series: [...series.entries()].map(([key, values]) => ({
              name: 'conduit_risk',
              tags: { kind: key.split('/')[0], entity: key.split('/')[1] },
              columns: ['time', 'risk'],
              values,
            })),
          },
        ],
      };
    }

    it('is stored per entity with its factors and read back as the assessment it was', () => {
      expect(assessment.zones.length).toBeGreaterThan(0);
      const read = storedRiskFrom([riskAnswer([riskPoints(assessment)])], model.risk?.weights);
      expect(read).toEqual({ assessment: { ...assessment, warnings: [] }, problems: [] });
    });

    it('keeps the latest snapshot of each entity in a window, whose end is included', () => {
      const older = { ...assessment, at: at - HOUR, zones: assessment.zones.map((zone) => ({ ...zone, score: 0 })) };
      const read = storedRiskFrom([riskAnswer([riskPoints(older), riskPoints(assessment)])], undefined);
      expect(read.assessment?.at).toBe(assessment.at);
      expect(read.assessment?.zones).toEqual(assessment.zones);
      expect(storedRiskQuery({ from: at - HOUR, to: at })).toBe(
        `SELECT "risk" FROM "conduit_risk" WHERE time >= ${at - HOUR + 1}ms AND time <= ${at}ms GROUP BY "kind", "entity" ORDER BY time DESC LIMIT 1`
      );
    });

    it("counts rows that are not an entity's risk, and is undefined when nothing was stored", () => {
      const answer = {
        results: [{ series: [{ name: 'conduit_risk', columns: ['time', 'risk'], values: [[1, '{']] }] }],
      };
      expect(storedRiskFrom([answer], undefined)).toEqual({
        assessment: undefined,
        problems: ['1 stored risk rows could not be read (field "risk")'],
      });
      expect(storedRiskFrom([{ results: [{}] }], undefined)).toEqual({ assessment: undefined, problems: [] });
    });
  });

  describe('chains', () => {
    /** What InfluxDB answers to storedChainsQuery for these chain points, one series per id. */
    function chainsAnswer(lines: string[]): unknown {
      const { points } = parseLineProtocol(lines.join('\n'));
      return {
        results: [
          {
            series: points.map((p) => ({
              name: 'conduit_chain',
              tags: { id: p.tags.id },
              columns: ['time', 'chain', 'replaced_by'],
              values: [[Number(p.timestampNs / 1_000_000n), p.fields.chain, p.fields.replaced_by]],
            })),
          },
        ],
      };
    }

    const [chain] = analysePlant({ model, observations }).chains();
    // The same chain as an earlier pass stored it, before a late finding became its first step.
    const [earlier] = correlateFindings(findings.slice(1), model);

    it('are stored under their shard, standing until a pass replaces them', () => {
      expect(chain.steps.length).toBeGreaterThan(2);
      expect(earlier.id).not.toBe(chain.id);
      const line = encodePoint(chainPoint(chain, 'north'));
      expect(line).toMatch(new RegExp(`^conduit_chain,id=${chain.id},shard=north .*replaced_by=""`));
      expect(standingChainsFrom([chainsAnswer([line])])).toEqual([
        { id: chain.id, time: chain.start, firstFinding: chain.steps[0].findingId },
      ]);
      expect(storedChainsQuery({ from: START, to: START + HOUR }, 'north')).toBe(
        `SELECT "chain", "replaced_by" FROM "conduit_chain" WHERE "shard" = 'north' AND ` +
          `time >= ${START}ms AND time <= ${START + HOUR - 1}ms GROUP BY "id"`
      );
    });

    it('that a pass no longer correlates are marked with the chain that now holds their first finding', () => {
      const stored = standingChainsFrom([
        chainsAnswer([earlier, chain].map((c) => encodePoint(chainPoint(c, 'north')))),
      ]);
      const marks = replacedChainPoints(stored, [chain], 'north');
      expect(marks).toEqual([
        {
          measurement: 'conduit_chain',
          tags: { id: earlier.id, shard: 'north' },
          fields: { replaced_by: chain.id },
          timestampNs: BigInt(earlier.start) * 1_000_000n,
        },
      ]);
      // Once the mark is written over it, the stored record no longer reads as standing.
      const markedAnswer = {
        results: [
          {
            series: [
              {
                name: 'conduit_chain',
                tags: { id: earlier.id },
                columns: ['time', 'chain', 'replaced_by'],
                values: [[earlier.start, JSON.stringify(earlier), chain.id]],
              },
            ],
          },
        ],
      };
      expect(standingChainsFrom([markedAnswer])).toEqual([]);
      // A record whose JSON cannot be read still stands, with no first finding to follow: marked `-` when replaced.
      const unreadable = standingChainsFrom([
        {
          results: [
            {
              series: [
                {
                  name: 'conduit_chain',
                  tags: { id: 'chain-broken' },
                  columns: ['time', 'chain', 'replaced_by'],
                  values: [[START, '{not json', '']],
                },
              ],
            },
          ],
        },
      ]);
      expect(unreadable).toEqual([{ id: 'chain-broken', time: START, firstFinding: undefined }]);
      expect(replacedChainPoints(unreadable, [chain], 'north')[0].fields).toEqual({ replaced_by: '-' });
      // A chain whose findings no longer make any chain is marked too, with `-`.
      expect(replacedChainPoints(stored, [], 'north').map((mark) => mark.fields.replaced_by)).toEqual(['-', '-']);
      expect(replacedChainPoints(stored, [chain, earlier], 'north')).toEqual([]);
    });
  });
});
