import { hasPermission } from '@grafana/runtime';

/**
 * Whether Grafana lets the signed-in user write alert rules through the provisioning API, as its authorization
 * of POST /api/v1/provisioning/alert-rules decides (pkg/services/ngalert/api/authorization.go): the provisioning
 * write actions, or creating rules together with setting their provenance, which Editors and Admins hold.
 */
export function canApplyRules(): boolean {
  return (
    hasPermission('alert.provisioning:write') ||
    hasPermission('alert.rules.provisioning:write') ||
    (hasPermission('alert.rules:create') && hasPermission('alert.provisioning.provenance:write'))
  );
}
