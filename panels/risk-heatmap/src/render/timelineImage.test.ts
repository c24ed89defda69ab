import { createTheme, FieldType, type Field } from '@grafana/data';

import { ColorScales, pixelOf } from './colorScale';
import { binIndex, timelineImage } from './timelineImage';

const theme = createTheme();

function scoreField(): Field {
  return {
    name: 'score',
    type: FieldType.number,
    values: [],
    config: {
      min: 0,
      max: 100,
      color: { mode: 'thresholds' },
      thresholds: {
        mode: 'absolute' as never,
        steps: [
          { value: -Infinity, color: 'green' },
          { value: 50, color: 'red' },
        ],
      },
    },
  };
}

describe('binIndex', () => {
  it('keeps one bin per item when there are enough pixels', () => {
    expect(Array.from(binIndex(4, 10))).toEqual([0, 1, 2, 3]);
  });

  it('shares pixels evenly when there are more items than pixels', () => {
    expect(Array.from(binIndex(6, 3))).toEqual([0, 0, 1, 1, 2, 2]);
    expect(binIndex(1440, 700)[1439]).toBe(699);
  });
});

describe('timelineImage', () => {
  const scale = new ColorScales(theme).of(scoreField());
  const green = pixelOf(theme.visualization.getColorByName('green'));
  const red = pixelOf(theme.visualization.getColorByName('red'));

  it('colours each cell through the field thresholds and leaves missing values transparent', () => {
    const image = timelineImage({
      rows: [Float64Array.from([10, 60, Number.NaN])],
      scales: [scale],
      columns: 3,
      width: 300,
      height: 20,
    });
    expect([image.width, image.height]).toEqual([3, 1]);
    expect(Array.from(image.pixels)).toEqual([green, red, 0]);
  });

  it('keeps a one-bucket peak visible when buckets share a pixel', () => {
    const values = new Float64Array(1440).fill(10);
    values[777] = 90;
    const image = timelineImage({ rows: [values], scales: [scale], columns: 1440, width: 700, height: 20 });
    expect(image.width).toBe(700);
    expect(Array.from(image.pixels).filter((pixel) => pixel === red)).toHaveLength(1);
  });

  it('bins rows too, showing the highest of the rows that share a pixel row', () => {
    const rows = Array.from({ length: 500 }, (_, r) => new Float64Array(2).fill(r === 499 ? 80 : 5));
    const image = timelineImage({ rows, scales: rows.map(() => scale), columns: 2, width: 100, height: 250 });
    expect(image.height).toBe(250);
    expect(image.pixels[249 * 2]).toBe(red);
    expect(image.pixels[248 * 2]).toBe(green);
  });
});
