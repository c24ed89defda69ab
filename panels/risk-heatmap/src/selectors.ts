/** Labels and test ids the panel renders, shared with the browser tests so a rename cannot silently break them. */
export const selectors = {
  matrix: 'Risk matrix',
  timeline: 'Risk timeline',
  cellList: 'Entities of the selected cell',
  hoverCard: 'risk-heatmap-hover-card',
  brush: 'risk-heatmap-brush',
  problems: 'risk-heatmap-problems',
  liveRegion: 'risk-heatmap-active-cell',
};
