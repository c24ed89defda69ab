import { type DetectionAlertRule, parseInfluxResponse } from '@conduit/core';

import { previewRule, type QueryRunner } from './rulePreview';

const AT = Date.UTC(2026, 11, 5, 9, 30);

/** A rule as the zone-traffic template makes it: flows counted per source zone, any one fires. */
const RULE: DetectionAlertRule = {
  uid: 'conduit-zone-traffic-test',
  title: 'Traffic into Basic control outside its conduits',
  template: 'zone-traffic',
  watches: 'Flows into Basic control from a zone no conduit joins to it.',
  queries: [
    {
      refId: 'A',
      store: 'ot',
      influxql: `SELECT count("bytes_out") FROM "flow" WHERE "dst_zone" = 'basic-control' AND $timeFilter GROUP BY "src_zone"`,
      windowSeconds: 300,
    },
  ],
  expressions: [
    { refId: 'B', type: 'reduce', input: 'A', reducer: 'last' },
    { refId: 'C', type: 'threshold', input: 'B', above: 0 },
  ],
  condition: 'C',
  intervalSeconds: 60,
  pendingSeconds: 0,
  labels: { conduit_rule: 'zone-traffic', category: 'conduit-violation', domain: 'ot', severity: 'critical' },
  summary: '',
  thresholdText: 'any flow in the last 5 minutes',
};

function answer(series: Array<{ zone: string; count: number }>): string {
  return JSON.stringify({
    results: [
      {
        statement_id: 0,
        series: series.map(({ zone, count }) => ({
          name: 'flow',
          tags: { src_zone: zone },
          columns: ['time', 'count'],
          values: [[AT - 300_000, count]],
        })),
      },
    ],
  });
}

describe('a rule previewed now', () => {
  it("sends the query over the rule's window ending now and says which series would fire", async () => {
    const sent: string[] = [];
    const run: QueryRunner = async (query, influxql) => {
      sent.push(`${query.store}: ${influxql}`);
      return parseInfluxResponse(
        answer([
          { zone: 'supervisory', count: 0 },
          { zone: 'enterprise', count: 4 },
        ]),
        { epoch: 'ms' }
      );
    };
    const preview = await previewRule(RULE, AT, run);
    expect(sent).toEqual([
      `ot: SELECT count("bytes_out") FROM "flow" WHERE "dst_zone" = 'basic-control' AND time >= ${AT - 300_000}ms and time <= ${AT}ms GROUP BY "src_zone"`,
    ]);
    expect(preview.wouldFire).toBe(true);
    expect(preview.queries).toEqual([expect.objectContaining({ refId: 'A', store: 'ot', series: 2 })]);
    expect(preview.instances.map((instance) => [instance.labels.src_zone, instance.firing, instance.values.B])).toEqual(
      [
        ['enterprise', true, 4],
        ['supervisory', false, 0],
      ]
    );
    expect(preview.instances[0].labels.severity).toBe('critical');
  });

  it('would not fire when the store has no matching series', async () => {
    const preview = await previewRule(RULE, AT, async () => parseInfluxResponse(answer([]), { epoch: 'ms' }));
    expect(preview.instances).toEqual([]);
    expect(preview.wouldFire).toBe(false);
  });

  it("fails with InfluxDB's own message, naming the query and store", async () => {
    const run: QueryRunner = async () =>
      parseInfluxResponse(JSON.stringify({ results: [{ statement_id: 0, error: 'database not found: conduit_ot' }] }));
    await expect(previewRule(RULE, AT, run)).rejects.toThrow(
      /^Query A on the OT store: .*database not found: conduit_ot$/
    );
  });
});
