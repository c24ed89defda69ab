export const PLUGIN_ID = 'conduit-itot-app';

/** Where Grafana mounts the app; the pages in plugin.json's `includes` live under it. */
export const PLUGIN_BASE_URL = `/a/${PLUGIN_ID}`;

/** The app's pages, relative to PLUGIN_BASE_URL. */
export enum ROUTES {
  Incidents = 'incidents',
  NewIncident = 'incidents/new',
  Incident = 'incidents/:id',
  DetectionRules = 'detection-rules',
  ZoneModel = 'zone-model',
}

export function prefixRoute(route: ROUTES): string {
  return `${PLUGIN_BASE_URL}/${route}`;
}

export function incidentUrl(id: string): string {
  return `${PLUGIN_BASE_URL}/incidents/${encodeURIComponent(id)}`;
}
