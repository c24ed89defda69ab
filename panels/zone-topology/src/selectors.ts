/** Labels and test ids the panel renders, shared with the browser tests so a rename cannot silently break them. */
export const selectors = {
  map: 'Zone topology map',
  listView: 'Zones, assets and conduits',
  listToggle: 'Show as list',
  mapToggle: 'Show as map',
  tooltip: 'zone-topology-tooltip',
  legend: 'zone-topology-legend',
  warnings: 'zone-topology-warnings',
  liveRegion: 'zone-topology-active',
  fit: 'Fit to panel',
};
