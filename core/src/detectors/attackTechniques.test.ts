import { FINDING_CATEGORIES } from '../finding';
import {
  CONNECTION_VARIANTS,
  connectionVariant,
  ICS_TECHNIQUES,
  operationsBetween,
  TECHNIQUE_RULES,
  techniqueOf,
} from './attackTechniques';

describe('the technique table', () => {
  it('gives every finding category at least one variant', () => {
    const without = FINDING_CATEGORIES.filter((category) => !TECHNIQUE_RULES.some((r) => r.category === category));
    expect(without).toEqual([]);
  });

  it('gives each variant either a technique of ATT&CK for ICS or the reason none fits, never both', () => {
    for (const rule of TECHNIQUE_RULES) {
      const answers = [rule.technique, rule.whyNone].filter((a) => a !== undefined);
      expect({ rule: `${rule.category}/${rule.variant}`, answers: answers.length }).toEqual({
        rule: `${rule.category}/${rule.variant}`,
        answers: 1,
      });
      if (rule.technique !== undefined) {
        expect(Object.keys(ICS_TECHNIQUES)).toContain(rule.technique);
      }
    }
  });

  it('lists each variant of a category once', () => {
    const keys = TECHNIQUE_RULES.map((r) => `${r.category}/${r.variant}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('refuses to guess for a variant it does not list', () => {
    expect(() => techniqueOf('reconnaissance', 'sweep')).toThrow(
      'no technique rule for reconnaissance variant "sweep"'
    );
  });
});

describe('connectionVariant', () => {
  const dmz = 3.5;
  const office = 4;
  const controllers = 1;

  it('names a DMZ host writing to a PLC an unauthorised command message', () => {
    const variant = connectionVariant({
      services: ['modbus'],
      operations: ['read', 'write'],
      srcLevel: dmz,
      dstLevel: controllers,
    });
    expect([variant, CONNECTION_VARIANTS[variant]]).toEqual(['industrial-command', 'T0855']);
  });

  it('names an office host reading a PLC point and tag identification', () => {
    const variant = connectionVariant({
      services: ['modbus'],
      operations: ['read'],
      srcLevel: office,
      dstLevel: controllers,
    });
    expect([variant, CONNECTION_VARIANTS[variant]]).toEqual(['industrial-session', 'T0861']);
    expect(connectionVariant({ services: ['s7comm'], operations: [], srcLevel: office, dstLevel: controllers })).toBe(
      'industrial-session'
    );
  });

  it('names a program download as such, before any other command', () => {
    expect(
      connectionVariant({
        services: ['modbus'],
        operations: ['program_download', 'write'],
        srcLevel: office,
        dstLevel: 1,
      })
    ).toBe('program-download');
  });

  it('puts the internet first: a PLC reaching out, or the internet reaching in', () => {
    expect(connectionVariant({ services: ['modbus'], operations: [], srcLevel: controllers, dstLevel: 5 })).toBe(
      'to-internet'
    );
    expect(connectionVariant({ services: ['https'], operations: [], srcLevel: 5, dstLevel: dmz })).toBe(
      'from-internet'
    );
  });

  it('tells remote access, data repositories and other services apart', () => {
    expect(connectionVariant({ services: ['rdp'], operations: [], srcLevel: office, dstLevel: dmz })).toBe(
      'remote-service'
    );
    expect(connectionVariant({ services: ['sql'], operations: [], srcLevel: office, dstLevel: 3 })).toBe(
      'data-repository'
    );
    expect(connectionVariant({ services: ['https'], operations: [], srcLevel: office, dstLevel: dmz })).toBe(
      'other-service'
    );
  });
});

describe('operationsBetween', () => {
  it('gives the operations from one address to another inside the range, each once', () => {
    const series = (srcIp: string, dstIp: string, operation: string, ...starts: number[]) => {
      const first = { srcIp, dstIp, operation };
      return {
        first,
        size: starts.length,
        bucketStarts: Float64Array.from(starts),
        record: () => first,
        records: () => [first],
      };
    };
    const between = operationsBetween([
      series('a', 'b', 'read', 0, 60),
      series('a', 'b', 'write', 60),
      series('b', 'a', 'write', 60),
      series('a', 'b', 'program_download', 120),
    ]);
    expect(between('a', 'b', 0, 120)).toEqual(['read', 'write']);
    expect(between('a', 'c', 0, 120)).toEqual([]);
  });
});
