/**
 * Colours of values from a field's config (Grafana's display processor: colour scheme, thresholds, min and
 * max), tabulated once per distinct config so that drawing 720,000 cells reads an array instead of calling
 * the display processor per cell.
 */
import {
  colorManipulator,
  type DisplayProcessor,
  type Field,
  getDisplayProcessor,
  type GrafanaTheme2,
} from '@grafana/data';

/** Steps of the table across [min, max]: 0.1 of a 0..100 score, below the one decimal scores carry. */
const STEPS = 1024;

export interface ColorScale {
  min: number;
  max: number;
  /** ImageData pixels (RGBA bytes, read as little-endian 32-bit words), one per step. */
  pixels: Uint32Array;
  /** The colour at `min + i * (max - min) / (STEPS - 1)`, as CSS. */
  css: string[];
}

/** RGBA bytes of a CSS colour, as one little-endian word for a Uint32Array view of ImageData. */
export function pixelOf(color: string): number {
  const { values } = colorManipulator.decomposeColor(colorManipulator.asRgbString(color));
  const [r, g, b] = values;
  const a = values.length > 3 ? values[3] : 1;
  return ((Math.round(a * 255) << 24) | (Math.round(b) << 16) | (Math.round(g) << 8) | Math.round(r)) >>> 0;
}

function displayOf(field: Field, theme: GrafanaTheme2): DisplayProcessor {
  return field.display ?? getDisplayProcessor({ field, theme });
}

/** The range the display processor maps colours over: the field's min and max, else its data's range. */
function rangeOf(field: Field): { min: number; max: number } {
  const min = field.config.min ?? field.state?.range?.min ?? 0;
  const max = field.config.max ?? field.state?.range?.max ?? 100;
  return max > min ? { min, max } : { min, max: min + 1 };
}

export function colorScaleOf(field: Field, theme: GrafanaTheme2): ColorScale {
  const display = displayOf(field, theme);
  const { min, max } = rangeOf(field);
  const pixels = new Uint32Array(STEPS);
  const css: string[] = [];
  for (let i = 0; i < STEPS; i++) {
    const color = display(min + (i * (max - min)) / (STEPS - 1)).color ?? theme.colors.text.primary;
    css.push(color);
    pixels[i] = pixelOf(color);
  }
  return { min, max, pixels, css };
}

export function stepOf(scale: ColorScale, value: number): number {
  const step = Math.round(((value - scale.min) / (scale.max - scale.min)) * (STEPS - 1));
  return step < 0 ? 0 : step >= STEPS ? STEPS - 1 : step;
}

/**
 * One scale per distinct colour config: the rows of a frame share theirs after Grafana's field overrides, so
 * a timeline of 500 rows builds one table, not 500.
 */
export class ColorScales {
  private readonly scales = new Map<string, ColorScale>();

  constructor(private readonly theme: GrafanaTheme2) {}

  of(field: Field): ColorScale {
    const { min, max } = rangeOf(field);
    const key = JSON.stringify([field.config.color, field.config.thresholds, field.config.mappings, min, max]);
    let scale = this.scales.get(key);
    if (scale === undefined) {
      scale = colorScaleOf(field, this.theme);
      this.scales.set(key, scale);
    }
    return scale;
  }
}
