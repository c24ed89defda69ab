import type { IncidentRole } from '@conduit/core';

/**
 * The app's settings (plugin jsonData), set on its configuration page by an admin. Nothing here is secret: the
 * stores' credentials live in the Conduit datasource's secureJsonData.
 */
export interface AppSettings {
  /** The Conduit datasource incidents read findings and chains from; the default Conduit datasource when unset. */
  datasourceUid?: string;
  /** Custom playbooks as YAML (`playbooks:` list); they add to the built-in ones or replace one of the same id. */
  playbooks?: string;
  /**
   * Who acts in each incident role: Grafana organisation roles (`role:Editor`) or teams (`team:OT engineering`).
   * The incident page offers a person the roles they map to.
   */
  roleMapping?: Partial<Record<IncidentRole, string[]>>;
}
