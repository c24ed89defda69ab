/** Where lanes, marks and the axis go: lane rows of a fixed height (thinner when collapsed) over a time axis. */
export const AXIS_HEIGHT = 24;
export const MIN_MARK_GAP_PX = 10;
const COLLAPSED_LANE_HEIGHT = 12;
const MIN_LANE_HEIGHT = 20;
const MAX_LANE_HEIGHT = 56;

export interface AnomalyLayout {
  from: number;
  to: number;
  plotWidth: number;
  lanes: Array<{ y: number; height: number }>;
  lanesHeight: number;
  /** Lanes plus axis; more than the panel's height when the lanes scroll. */
  totalHeight: number;
}

export function anomalyLayout(
  range: { from: number; to: number },
  plotWidth: number,
  height: number,
  collapsed: readonly boolean[]
): AnomalyLayout {
  const open = collapsed.filter((isCollapsed) => !isCollapsed).length;
  const spare = height - AXIS_HEIGHT - (collapsed.length - open) * COLLAPSED_LANE_HEIGHT;
  const laneHeight = Math.max(MIN_LANE_HEIGHT, Math.min(MAX_LANE_HEIGHT, open === 0 ? 0 : spare / open));
  let y = 0;
  const lanes = collapsed.map((isCollapsed) => {
    const lane = { y, height: isCollapsed ? COLLAPSED_LANE_HEIGHT : laneHeight };
    y += lane.height;
    return lane;
  });
  return { from: range.from, to: range.to, plotWidth, lanes, lanesHeight: y, totalHeight: y + AXIS_HEIGHT };
}

export function xOf(layout: AnomalyLayout, time: number): number {
  return ((time - layout.from) / Math.max(1, layout.to - layout.from)) * layout.plotWidth;
}

export function timeAt(layout: AnomalyLayout, x: number): number {
  return layout.from + (x / Math.max(1, layout.plotWidth)) * (layout.to - layout.from);
}

export function laneAt(layout: AnomalyLayout, y: number): number | undefined {
  const index = layout.lanes.findIndex((lane) => y >= lane.y && y < lane.y + lane.height);
  return index < 0 ? undefined : index;
}
