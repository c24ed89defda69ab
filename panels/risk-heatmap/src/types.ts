import type { RiskMatrixLevels } from '@conduit/core';

/** Which picture the panel draws; `auto` picks the one the frames fit. */
export type RiskHeatmapMode = 'auto' | 'matrix' | 'timeline';

/** How the timeline orders its rows within and across zones. */
export type TimelineOrder = 'purdue' | 'peak';

export interface RiskHeatmapOptions {
  mode: RiskHeatmapMode;
  /** Levels of likelihood and impact on each axis of the matrix. */
  levels: RiskMatrixLevels;
  /** Print how many entities fall in each cell of the matrix. */
  showCounts: boolean;
  /** Timeline rows: by Purdue level of their zone (as the model is drawn, the process at the bottom) or by peak risk. */
  order: TimelineOrder;
  /** Timeline rows kept, highest peak first; 0 keeps every row. */
  topN: number;
  /** Dashboard variables a click sets, without the `$`; empty sets none. */
  zoneVariable: string;
  assetVariable: string;
  showLegend: boolean;
}
