import type { ZoneModel } from '../model/zoneModel';
import { attributeByModel } from './addressAttribution';

const model: ZoneModel = {
  zones: [
    { id: 'control', name: 'Control', purdueLevel: 2, slTarget: 2, safety: false, cidrs: ['10.40.1.0/24'], vlans: [] },
    { id: 'field', name: 'Field', purdueLevel: 1, slTarget: 3, safety: false, cidrs: ['10.40.2.0/24'], vlans: [] },
  ],
  conduits: [],
  assets: [
    { name: 'plc-1', address: '10.40.2.20' },
    { name: 'laptop', address: '10.40.1.99', zone: 'field' },
  ],
};

describe('attribution by the zone model', () => {
  it('names the zone whose range holds the address and the asset that names it', () => {
    const attribute = attributeByModel(model);
    expect(attribute('10.40.2.20')).toEqual({ zone: 'field', asset: 'plc-1' });
    expect(attribute('10.40.1.7')).toEqual({ zone: 'control', asset: 'unknown' });
  });

  it('lets an asset override pin an address to another zone than its range', () => {
    expect(attributeByModel(model)('10.40.1.99')).toEqual({ zone: 'field', asset: 'laptop' });
  });

  it('answers unknown for addresses outside every zone', () => {
    expect(attributeByModel(model)('8.8.8.8')).toEqual({ zone: 'unknown', asset: 'unknown' });
  });
});
