import { Alert } from '@grafana/ui';

/** Says why there is no Apply before anyone tries: Grafana would refuse the writes anyway. */
export function ApplyNotice() {
  return (
    <Alert severity="info" title="You can read and preview these rules but not apply them">
      Applying writes Grafana alert rules through its provisioning API, which needs the Editor or Admin role. Export the
      YAML for an admin to provision, or ask an admin for the Editor role.
    </Alert>
  );
}
