import { factor } from '../test/riskFrames';
import { explainRisk } from './explanation';

describe('explainRisk', () => {
  it('gives the score, impact and likelihood, then each factor that adds points, largest first, in words', () => {
    const explanation = explainRisk({
      score: 38.8,
      impact: 3.17,
      likelihood: 3.26,
      factors: [
        factor('criticality', 'impact', 13.3, '4 of 5 (from the inventory)'),
        factor('safety', 'impact', 0, 'not part of a safety instrumented system'),
        factor('exposure', 'likelihood', 21.4, 'reached from lower-trust Office IT'),
        factor('recent-findings', 'likelihood', 4.1, '1 finding (1 high)'),
      ],
    });
    expect(explanation.summary).toBe('Score 38.8 of 100: impact 3.17 x likelihood 3.26 (1 to 5 each)');
    expect(explanation.factors.map((line) => line.text)).toEqual([
      'exposure: 21.4 points of likelihood',
      'criticality: 13.3 points of impact',
      'recent findings: 4.1 points of likelihood',
    ]);
    expect(explanation.factors[0].detail).toBe('reached from lower-trust Office IT');
    expect(explanation.zeroFactors).toBe('No points from safety');
  });
});
