import { createTheme, type Field, FieldType } from '@grafana/data';

import { ColorScales, pixelOf, stepOf } from './colorScale';

const theme = createTheme();

function field(config: Field['config']): Field {
  return { name: 'score', type: FieldType.number, values: [], config };
}

describe('pixelOf', () => {
  it('packs a colour as ImageData bytes read little-endian: red lowest, alpha highest', () => {
    expect(pixelOf('#ff8000')).toBe(0xff0080ff);
    expect(pixelOf('rgba(0, 0, 255, 0.5)')).toBe(0x80ff0000);
  });
});

describe('ColorScales', () => {
  it('maps values through a continuous scheme between the field min and max', () => {
    const scale = new ColorScales(theme).of(field({ min: 0, max: 100, color: { mode: 'continuous-GrYlRd' } }));
    expect(scale.css[stepOf(scale, 0)]).not.toBe(scale.css[stepOf(scale, 100)]);
    expect(stepOf(scale, -5)).toBe(0);
    expect(stepOf(scale, 500)).toBe(scale.pixels.length - 1);
  });

  it('builds one table for fields that share their colour config', () => {
    const scales = new ColorScales(theme);
    const config = { min: 0, max: 100, color: { mode: 'continuous-GrYlRd' } };
    expect(scales.of(field({ ...config }))).toBe(scales.of(field({ ...config })));
    expect(scales.of(field({ ...config }))).not.toBe(scales.of(field({ ...config, max: 50 })));
  });
});
