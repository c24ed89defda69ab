import { PluginPage } from '@grafana/runtime';
import { EmptyState } from '@grafana/ui';

/** Detection rules; each compiles to a Grafana-managed alert rule that Grafana evaluates server-side. */
export function DetectionRules() {
  return (
    <PluginPage>
      <EmptyState variant="call-to-action" message="No detection rules yet">
        A detection rule watches the IT or OT store for one kind of anomaly, carries its MITRE ATT&amp;CK for ICS
        technique, and becomes a Grafana alert rule over the same store.
      </EmptyState>
    </PluginPage>
  );
}
