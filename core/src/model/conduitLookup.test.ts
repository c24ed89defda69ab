import { conduitsBetween, createConduitIndex } from './conduitLookup';
import type { Conduit, ConduitDirection } from './zoneModel';

function conduit(id: string, from: string, to: string, direction: ConduitDirection): Conduit {
  return { id, from, to, direction, controlType: 'firewall', slTarget: 2, services: [] };
}

const conduits = [
  conduit('ent-dmz', 'enterprise', 'dmz', 'two-way'),
  conduit('dmz-scada', 'dmz', 'scada', 'two-way'),
  conduit('scada-control', 'scada', 'control', 'one-way'),
  conduit('diode', 'control', 'dmz', 'one-way'),
  conduit('scada-control-eng', 'scada', 'control', 'two-way'),
];
const model = { conduits };

const ids = (found: readonly Conduit[]) => found.map((c) => c.id);

describe.each([
  ['createConduitIndex', (from: string, to: string) => createConduitIndex(model).conduitsBetween(from, to)],
  ['conduitsBetween', (from: string, to: string) => conduitsBetween(model, from, to)],
])('%s', (_name, between) => {
  it('permits a two-way conduit in both directions', () => {
    expect(ids(between('enterprise', 'dmz'))).toEqual(['ent-dmz']);
    expect(ids(between('dmz', 'enterprise'))).toEqual(['ent-dmz']);
  });

  it('permits a one-way conduit only from its from zone to its to zone', () => {
    expect(ids(between('control', 'dmz'))).toEqual(['diode']);
    expect(ids(between('dmz', 'control'))).toEqual([]);
  });

  it('returns every conduit permitting the direction, in model order', () => {
    expect(ids(between('scada', 'control'))).toEqual(['scada-control', 'scada-control-eng']);
    expect(ids(between('control', 'scada'))).toEqual(['scada-control-eng']);
  });

  it('finds nothing between zones no conduit connects, nor within one zone', () => {
    expect(ids(between('enterprise', 'control'))).toEqual([]);
    expect(ids(between('scada', 'scada'))).toEqual([]);
    expect(ids(between('nowhere', 'dmz'))).toEqual([]);
  });
});

describe('createConduitIndex', () => {
  it('lists a two-way conduit from a zone to itself once', () => {
    const index = createConduitIndex({ conduits: [conduit('loop', 'a', 'a', 'two-way')] });
    expect(ids(index.conduitsBetween('a', 'a'))).toEqual(['loop']);
  });
});
