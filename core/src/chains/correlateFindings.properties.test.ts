import fc from 'fast-check';
import { FINDING_CATEGORIES, type Finding, SEVERITIES } from '../finding';
import { PURDUE_LEVELS, type ZoneModel } from '../model/zoneModel';
import { correlateFindings } from './correlateFindings';

const ZONES = ['z-a', 'z-b', 'z-c', 'z-d'];
const ASSETS = ['a-1', 'a-2', 'a-3', 'a-4', 'a-5', 'a-6'];
const T0 = Date.UTC(2026, 0, 1);
const HOUR = 3_600_000;

const modelArb: fc.Arbitrary<ZoneModel> = fc
  .tuple(...ZONES.map(() => fc.constantFrom(...PURDUE_LEVELS)))
  .map((levels) => ({
    zones: ZONES.map((id, i) => ({
      id,
      name: id,
      purdueLevel: levels[i],
      slTarget: 2 as const,
      safety: false,
      cidrs: [],
      vlans: [],
    })),
    conduits: [],
    assets: [],
  }));

const endArb = fc.option(
  fc.record(
    {
      asset: fc.constantFrom(...ASSETS),
      ip: fc.constantFrom('10.0.0.1', '10.0.0.2', '10.0.0.3'),
      zone: fc.constantFrom(...ZONES, 'unknown'),
    },
    { requiredKeys: [] }
  ),
  { nil: undefined }
);

function findingsArb(maxLength: number): fc.Arbitrary<Finding[]> {
  return fc.uniqueArray(
    fc.record({
      id: fc.string({ minLength: 1, maxLength: 5 }),
      detector: fc.constant('prop'),
      category: fc.constantFrom(...FINDING_CATEGORIES),
      time: fc.integer({ min: T0, max: T0 + 24 * HOUR }),
      endTime: fc.option(fc.integer({ min: T0, max: T0 + 25 * HOUR }), { nil: undefined }),
      severity: fc.constantFrom(...SEVERITIES),
      score: fc.integer({ min: 0, max: 100 }),
      technique: fc.option(fc.constantFrom('T0855', 'T0858', 'T0843', 'T0846', 'T0886'), { nil: undefined }),
      source: endArb,
      destination: endArb,
      explanation: fc.constant('x'),
      evidence: fc.constant({ records: [], query: '', store: 'ot' as const }),
    }),
    { maxLength, selector: (f) => f.id }
  );
}

const optionsArb = fc.record(
  { maxGapMs: fc.integer({ min: 0, max: 6 * HOUR }), minSteps: fc.integer({ min: 1, max: 4 }) },
  { requiredKeys: [] }
);

describe('correlateFindings properties', () => {
  it('never throws, even on values that are not findings at all', () => {
    fc.assert(
      fc.property(fc.anything(), fc.anything(), fc.anything(), (findings, model, options) => {
        expect(() =>
          correlateFindings(
            findings as Finding[],
            model as ZoneModel,
            options as Parameters<typeof correlateFindings>[2]
          )
        ).not.toThrow();
      })
    );
  });

  it('orders chains by start and steps by time, and puts every finding in at most one chain', () => {
    fc.assert(
      fc.property(findingsArb(30), modelArb, optionsArb, (findings, model, options) => {
        const chains = correlateFindings(findings, model, options);
        const seen = new Set<string>();
        for (let c = 0; c < chains.length; c++) {
          const chain = chains[c];
          if (c > 0) {
            expect(chain.start).toBeGreaterThanOrEqual(chains[c - 1].start);
          }
          chain.steps.forEach((s, i) => {
            expect(seen.has(s.findingId)).toBe(false);
            seen.add(s.findingId);
            if (i > 0) {
              expect(s.time).toBeGreaterThanOrEqual(chain.steps[i - 1].time);
            }
          });
          expect(chain.start).toBe(chain.steps[0].time);
          expect(chain.end).toBeGreaterThanOrEqual(chain.start);
        }
        expect(new Set(chains.map((c) => c.id)).size).toBe(chains.length);
      })
    );
  });

  it('keeps scores in 0..100, the severity the worst of the steps, and at least minSteps findings that are not sensor health', () => {
    fc.assert(
      fc.property(findingsArb(30), modelArb, optionsArb, (findings, model, options) => {
        const minSteps = options.minSteps ?? 2;
        for (const chain of correlateFindings(findings, model, options)) {
          expect(chain.score).toBeGreaterThanOrEqual(0);
          expect(chain.score).toBeLessThanOrEqual(100);
          expect(chain.descent).toBeGreaterThanOrEqual(0);
          const worst = Math.max(...chain.steps.map((s) => SEVERITIES.indexOf(s.severity)));
          expect(SEVERITIES.indexOf(chain.severity)).toBe(worst);
          expect(chain.steps.filter((s) => s.category !== 'sensor-health').length).toBeGreaterThanOrEqual(minSteps);
          expect(new Set(chain.techniques).size).toBe(chain.techniques.length);
        }
      })
    );
  });

  it('does not depend on the order the findings arrive in', () => {
    fc.assert(
      fc.property(
        findingsArb(20).chain((findings) =>
          fc.tuple(fc.constant(findings), fc.shuffledSubarray(findings, { minLength: findings.length }))
        ),
        modelArb,
        ([findings, shuffled], model) => {
          expect(correlateFindings(shuffled, model)).toEqual(correlateFindings(findings, model));
        }
      )
    );
  });
});
