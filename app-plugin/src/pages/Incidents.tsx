import { PluginPage } from '@grafana/runtime';
import { EmptyState } from '@grafana/ui';

/** Open and closed incidents; each is a stream of annotations in Grafana. */
export function Incidents() {
  return (
    <PluginPage>
      <EmptyState variant="call-to-action" message="No incidents yet">
        Incidents opened from an anomaly or an alert show here, with their playbook, roles and timeline. Every incident
        event is also an annotation, so it appears on the time axis of every dashboard.
      </EmptyState>
    </PluginPage>
  );
}
