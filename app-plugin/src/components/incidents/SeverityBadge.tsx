import type { Severity } from '@conduit/core';
import { Badge, type BadgeColor } from '@grafana/ui';

const COLOURS: Readonly<Record<Severity, BadgeColor>> = {
  critical: 'red',
  high: 'orange',
  medium: 'purple',
  low: 'blue',
  info: 'darkgrey',
};

export function SeverityBadge({ severity }: { severity: Severity }) {
  return <Badge color={COLOURS[severity] ?? 'darkgrey'} text={severity} />;
}
