export interface RiskHeatmapOptions {
  /** Levels on each axis: 3 (low/medium/high) or 5. */
  scale: 3 | 5;
  /** Print how many entities fall in each cell. */
  showCounts: boolean;
}

/** Entities per cell, indexed [impact - 1][likelihood - 1]. */
export interface RiskMatrix {
  scale: number;
  cells: string[][][];
  /** Rows whose likelihood or impact is missing or off the scale. */
  ignored: number;
}
