import { evidenceRow, evidenceRows, MAX_EVIDENCE_ROWS } from './findingDraft';

describe('evidence rows', () => {
  it('use a record whose values are all flat as it is', () => {
    const record = { srcIp: '10.0.0.1', dstPort: 502, allowed: false, lastValue: null };
    expect(evidenceRow(record)).toBe(record);
  });

  it('copy a record with nested values or numbers that are not finite, leaving the record as it was', () => {
    const record = { point: 'flow', median: Number.NaN, max: Infinity, tags: { a: 'b' }, count: 3 };
    const row = evidenceRow(record);
    expect(row).toEqual({ point: 'flow', median: null, max: null, count: 3 });
    expect(record).toEqual({ point: 'flow', median: Number.NaN, max: Infinity, tags: { a: 'b' }, count: 3 });
  });

  it('copy a record that inherits enumerable properties, keeping only its own', () => {
    const record = Object.create({ inherited: 'x' }) as Record<string, unknown>;
    record.own = 1;
    expect(evidenceRow(record)).toEqual({ own: 1 });
  });

  it(`keep the first ${MAX_EVIDENCE_ROWS} records`, () => {
    const records = Array.from({ length: MAX_EVIDENCE_ROWS + 5 }, (_, i) => ({ i }));
    expect(evidenceRows(records)).toEqual(records.slice(0, MAX_EVIDENCE_ROWS));
  });
});
