/** Labels and test ids the panel renders, shared with the browser tests so a rename cannot silently break them. */
export const selectors = {
  timeline: 'Anomaly timeline',
  laneToggle: 'anomaly-timeline-lane',
  hoverCard: 'anomaly-timeline-hover-card',
  drawer: 'anomaly-timeline-drawer',
  crowdItem: 'anomaly-timeline-crowd-item',
  evidence: 'anomaly-timeline-evidence',
  openIncident: 'anomaly-timeline-open-incident',
  explore: 'anomaly-timeline-explore',
  brush: 'anomaly-timeline-brush',
  problems: 'anomaly-timeline-problems',
  liveRegion: 'anomaly-timeline-active-mark',
};
