import { parseInfluxResponse } from '../influxResponse/influxResponse';
import { type DetectionAlertRule, renderMath } from './alertRule';
import { evaluateRule, querySeries, queryTextAt } from './ruleEvaluation';
import { evaluationTimes } from './ruleReplay';

const RULE: DetectionAlertRule = {
  uid: 'conduit-test',
  title: 'Test',
  template: 'process-deviation',
  watches: '',
  queries: [
    { refId: 'A', store: 'ot', influxql: 'SELECT mean("value") FROM "p" WHERE $timeFilter', windowSeconds: 300 },
    {
      refId: 'B',
      store: 'ot',
      influxql: 'SELECT mean("value") FROM "p" WHERE $timeFilter',
      windowSeconds: 3600,
      endSeconds: 300,
    },
  ],
  expressions: [
    { refId: 'C', type: 'reduce', input: 'A', reducer: 'last' },
    { refId: 'D', type: 'reduce', input: 'B', reducer: 'last' },
    {
      refId: 'E',
      type: 'math',
      expression: {
        op: '>',
        left: { abs: { op: '-', left: { ref: 'C' }, right: { ref: 'D' } } },
        right: { number: 5 },
      },
    },
  ],
  condition: 'E',
  intervalSeconds: 300,
  pendingSeconds: 0,
  labels: { conduit_rule: 'process-deviation', category: 'process-anomaly', domain: 'ot', severity: 'high' },
  summary: '',
  thresholdText: '',
};

describe('one evaluation of a rule', () => {
  it('fills $timeFilter with the window that ends at the evaluation time, less its end offset', () => {
    const at = Date.UTC(2026, 0, 1, 12);
    expect(queryTextAt(RULE.queries[1], at)).toBe(
      `SELECT mean("value") FROM "p" WHERE time >= ${at - 3_900_000}ms and time <= ${at - 300_000}ms`
    );
  });

  it('writes math as Grafana reads it, with parentheses only where precedence needs them', () => {
    const math = RULE.expressions[2];
    expect(math.type === 'math' && renderMath(math.expression)).toBe('abs($C - $D) > 5');
    expect(
      renderMath({
        op: '*',
        left: { op: '+', left: { ref: 'A' }, right: { number: 1 } },
        right: { op: '||', left: { ref: 'B' }, right: { ref: 'C' } },
      })
    ).toBe('($A + 1) * ($B || $C)');
  });

  it('joins series across queries by their labels and fires per series', () => {
    const pump = { asset: 'plc-1', point: 'FIT-101' };
    const valve = { asset: 'plc-1', point: 'PV-7' };
    const instances = evaluateRule(RULE, {
      A: [
        { labels: pump, values: [42] },
        { labels: valve, values: [10] },
        { labels: { asset: 'plc-2', point: 'X' }, values: [99] },
      ],
      B: [
        { labels: pump, values: [20] },
        { labels: valve, values: [8] },
      ],
    });
    expect(instances).toEqual([
      { labels: { ...RULE.labels, ...pump }, values: { C: 42, D: 20, E: 1 }, firing: true },
      { labels: { ...RULE.labels, ...valve }, values: { C: 10, D: 8, E: 0 }, firing: false },
    ]);
  });

  it('does not fire on a series with no number (no data is no alert)', () => {
    const instances = evaluateRule(RULE, {
      A: [{ labels: {}, values: [Number.NaN] }],
      B: [{ labels: {}, values: [1] }],
    });
    expect(instances.map((instance) => instance.firing)).toEqual([false]);
    expect(evaluateRule(RULE, {})).toEqual([]);
  });

  it("reads InfluxDB's answer: tags as labels, the aggregate column as values, a failed statement as an error", () => {
    const body = JSON.stringify({
      results: [
        {
          statement_id: 0,
          series: [{ name: 'flow', tags: { src_zone: 'office' }, columns: ['time', 'count'], values: [[0, 3]] }],
        },
      ],
    });
    expect(querySeries(parseInfluxResponse(body, { epoch: 'ms' }))).toEqual([
      { labels: { src_zone: 'office' }, values: [3] },
    ]);
    const failed = JSON.stringify({ results: [{ statement_id: 0, error: 'database not found: x' }] });
    expect(() => querySeries(parseInfluxResponse(failed, { epoch: 'ms' }))).toThrow(/database not found/);
  });

  it('evaluates at multiples of the interval, as the scheduler ticks', () => {
    const start = Date.UTC(2026, 0, 1, 0, 0, 30);
    expect(evaluationTimes(60, { from: start, to: start + 180_000 }).map((at) => (at - start) / 1000)).toEqual([
      30, 90, 150,
    ]);
  });
});
