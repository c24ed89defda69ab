/**
 * What an alert's runbook link says about the alert (core's `runbookUrl`, expanded by Grafana for one alert): the
 * rule, and the labels that tell this alert from the rule's others (the zone, asset, point or chain that fired).
 */

/** Labels every alert of a rule shares, or Grafana adds to all: they say nothing about this one. */
const SHARED_LABELS = new Set([
  'alertname',
  'grafana_folder',
  'conduit_rule',
  'domain',
  'severity',
  'purdue_level',
  'technique',
]);

/** `label=key=value` parameters as `key=value` pairs, without the ones every alert of a rule shares. */
export function alertLabels(params: URLSearchParams): Array<[string, string]> {
  return params
    .getAll('label')
    .map((pair): [string, string] => {
      const split = pair.indexOf('=');
      return split < 0 ? [pair, ''] : [pair.slice(0, split), pair.slice(split + 1)];
    })
    .filter(([key, value]) => key !== '' && value !== '' && !SHARED_LABELS.has(key));
}

/** The summary an incident opened from an alert starts with. */
export function alertSummary(rule: string, labels: ReadonlyArray<[string, string]>): string {
  const which = labels.map(([key, value]) => `${key}=${value}`).join(', ');
  return `Raised by the Grafana alert rule ${rule}${which === '' ? '' : ` for ${which}`}.`;
}
