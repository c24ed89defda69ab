import { PluginPage } from '@grafana/runtime';
import { EmptyState } from '@grafana/ui';

/** The IEC 62443 zone and conduit model that topology, risk and detection rules are checked against. */
export function ZoneModel() {
  return (
    <PluginPage>
      <EmptyState variant="call-to-action" message="No zone model loaded">
        The zone model partitions the site into IEC 62443 zones (Purdue level, target security level, address ranges)
        and the conduits between them with their allowed services. Live traffic is checked against it.
      </EmptyState>
    </PluginPage>
  );
}
