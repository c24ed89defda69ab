/**
 * IDS and EDR alerts passed through as findings, so they sit on the same timeline and feed the same risk
 * model as Conduit's own detections. The alert's category picks the finding category (known malware or
 * an indicator of compromise when it says nothing better).
 */
import { FINDING_CATEGORIES, type FindingCategory, type Finding, SEVERITIES } from '../finding';
import type { AlertRecord, Observations } from '../observations';
import { TECHNIQUE_RULES } from './attackTechniques';
import type { DetectionContext } from './detectionContext';
import { evidenceQuery } from './evidenceQuery';
import { entity, evidenceRows, makeFinding } from './findingDraft';

export const ALERT_PASSTHROUGH = 'alert-passthrough';

const SEVERITY_SCORE: Record<string, number> = { info: 10, low: 30, medium: 50, high: 75, critical: 90 };

/** Words in vendors' alert categories, and the finding category each means. */
const CATEGORY_WORDS: ReadonlyArray<[RegExp, FindingCategory]> = [
  [/scan|recon|discover|sweep|enumerat/, 'reconnaissance'],
  // `\bauth`, so "unauthorized" is not read as an authentication alert.
  [/brute|password|credential|logon|login|\bauth/, 'brute-force'],
  [/firmware/, 'firmware-change'],
  [/program|logic|download/, 'program-change'],
  [/mode/, 'mode-change'],
  [/malformed|protocol|anomal.*packet/, 'protocol-violation'],
  [/policy|firewall|segment|conduit/, 'conduit-violation'],
  // Malware before commands, so "command and control" is not read as a control command.
  [/malware|trojan|virus|ransom|ioc|indicator|\bc2\b|command.and.control|exploit/, 'malware-ioc'],
  [/write|command|function.?code/, 'unauthorized-command'],
];

/** The finding category an alert category names; unknown categories count as malware or IOC. */
export function categoryOfAlert(category: string): FindingCategory {
  const text = category.trim().toLowerCase();
  if ((FINDING_CATEGORIES as readonly string[]).includes(text)) {
    return text as FindingCategory;
  }
  for (const [pattern, mapped] of CATEGORY_WORDS) {
    if (pattern.test(text)) {
      return mapped;
    }
  }
  return 'malware-ioc';
}

/** An alert without a technique gets its category's, where the category has only one. */
function alertTechnique(category: FindingCategory): string | undefined {
  const techniques = new Set(
    TECHNIQUE_RULES.filter((rule) => rule.category === category).map((rule) => rule.technique)
  );
  return techniques.size === 1 ? [...techniques][0] : undefined;
}

function severityRank(severity: string): number {
  return (SEVERITIES as readonly string[]).indexOf(severity.toLowerCase());
}

function alertFinding(alert: AlertRecord, ctx: DetectionContext): Finding {
  const zone = ctx.zoneOf(alert.zone, alert.srcIp);
  // The alert's asset is the host it is about: the source when the alert has no other source.
  const sourceIsAsset = alert.srcIp === '' || ctx.zoneOf('', alert.srcIp) === zone;
  const source = sourceIsAsset
    ? entity(alert.asset, alert.srcIp, zone ?? alert.zone)
    : entity(undefined, alert.srcIp, ctx.zoneOf('', alert.srcIp));
  const destination = sourceIsAsset
    ? alert.dstIp === ''
      ? undefined
      : entity(undefined, alert.dstIp, ctx.zoneOf('', alert.dstIp))
    : entity(alert.asset, alert.dstIp, zone ?? alert.zone);
  const rank = severityRank(alert.severity);
  const score = SEVERITY_SCORE[alert.severity.toLowerCase()] ?? 50;
  const what = alert.signature !== '' ? alert.signature : alert.message !== '' ? alert.message : 'an alert';
  const by = alert.source === '' ? 'a sensor' : alert.source;
  return makeFinding({
    detector: ALERT_PASSTHROUGH,
    category: categoryOfAlert(alert.category),
    time: alert.time,
    score: rank < 0 ? 50 : score,
    technique: alert.technique === '' ? alertTechnique(categoryOfAlert(alert.category)) : alert.technique,
    source,
    destination,
    explanation: `${by} raised "${what}" on ${ctx.nameOf(alert.asset, alert.srcIp)}${
      alert.message !== '' && alert.message !== what ? `: ${alert.message}` : ''
    }.`,
    discriminator: `${alert.source}|${alert.signature}`,
    evidence: {
      records: evidenceRows([alert]),
      query: evidenceQuery({
        measurement: 'alert',
        tags: { asset: alert.asset, source: alert.source },
        from: alert.time,
        to: alert.time,
      }),
      store: (zone?.purdueLevel ?? 4) <= 3 ? 'ot' : 'it',
    },
  });
}

export function passThroughAlerts(obs: Observations, ctx: DetectionContext): Finding[] {
  const minimum = severityRank(ctx.config['alert-passthrough'].minSeverity);
  return obs.alerts
    .filter((alert) => {
      const rank = severityRank(alert.severity);
      return rank < 0 || rank >= minimum;
    })
    .map((alert) => alertFinding(alert, ctx));
}
