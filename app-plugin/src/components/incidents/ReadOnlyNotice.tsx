import { hasPermission } from '@grafana/runtime';
import { Alert } from '@grafana/ui';

/** Incident changes are annotations; Grafana lets only roles with annotations:create post them. */
export const WRITE_PERMISSION = 'annotations:create';

export function canChangeIncidents(): boolean {
  return hasPermission(WRITE_PERMISSION);
}

/** Says why a Viewer sees no buttons, before they try: Grafana would refuse the change anyway. */
export function ReadOnlyNotice() {
  if (canChangeIncidents()) {
    return null;
  }
  return (
    <Alert severity="info" title="You can read incidents but not change them">
      Incident changes are stored as Grafana annotations, and your Grafana role does not allow creating annotations. Ask
      an admin for the Editor role to open incidents, record actions or approve steps.
    </Alert>
  );
}
