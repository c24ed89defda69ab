/**
 * The timeline as pixels: cells binned onto at most one pixel per column and per row, each bin showing the
 * highest value of its cells, since a short peak of risk must not vanish when 1,440 buckets share 700 pixels.
 * One pass over the values with typed arrays and no allocation per cell.
 */
import { type ColorScale, stepOf } from './colorScale';

/** Which of `bins` bins each of `count` items falls in (identity when there are no more items than bins). */
export function binIndex(count: number, bins: number): Int32Array {
  const index = new Int32Array(count);
  const width = Math.max(1, Math.min(count, Math.floor(bins)));
  for (let i = 0; i < count; i++) {
    index[i] = Math.floor((i * width) / count);
  }
  return index;
}

export interface TimelineImageInput {
  /** One array of values per row, each as long as `columns`; NaN where there is no value. */
  rows: ArrayLike<Float64Array>;
  /** The colour scale of each row. */
  scales: ArrayLike<ColorScale>;
  columns: number;
  /** The plot's size in device pixels. */
  width: number;
  height: number;
}

export interface TimelineImage {
  width: number;
  height: number;
  /** RGBA pixels as little-endian words (ImageData's buffer); 0 (transparent) where no cell has a value. */
  pixels: Uint32Array;
  /** Bin of each column and of each row. */
  columnBin: Int32Array;
  rowBin: Int32Array;
}

export function timelineImage({ rows, scales, columns, width, height }: TimelineImageInput): TimelineImage {
  const columnBin = binIndex(columns, width);
  const rowBin = binIndex(rows.length, height);
  const imageWidth = columns === 0 ? 0 : columnBin[columns - 1] + 1;
  const imageHeight = rows.length === 0 ? 0 : rowBin[rows.length - 1] + 1;
  const peaks = new Float64Array(imageWidth * imageHeight).fill(Number.NaN);
  // The scale of a bin is that of its first row: rows that share a bin are drawn as one.
  const binScale: ColorScale[] = [];
  for (let r = 0; r < rows.length; r++) {
    const offset = rowBin[r] * imageWidth;
    if (binScale[rowBin[r]] === undefined) {
      binScale[rowBin[r]] = scales[r];
    }
    const values = rows[r];
    for (let c = 0; c < columns; c++) {
      const value = values[c];
      const at = offset + columnBin[c];
      // NaN compares false both ways, so a bin without values keeps NaN and one with values keeps the highest.
      if (value > peaks[at] || (peaks[at] !== peaks[at] && value === value)) {
        peaks[at] = value;
      }
    }
  }
  const pixels = new Uint32Array(imageWidth * imageHeight);
  for (let y = 0; y < imageHeight; y++) {
    const scale = binScale[y];
    const offset = y * imageWidth;
    for (let x = 0; x < imageWidth; x++) {
      const value = peaks[offset + x];
      if (value === value) {
        pixels[offset + x] = scale.pixels[stepOf(scale, value)];
      }
    }
  }
  return { width: imageWidth, height: imageHeight, pixels, columnBin, rowBin };
}
