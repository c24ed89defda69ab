/**
 * What an apply changes in Grafana: the generated rules against the rules Grafana holds, matched by uid. Rules the
 * app generated before and no longer generates are deleted; rules anyone else made are never touched, nor are rules
 * Grafana read from provisioning files (its API refuses to change them: the file is where they change).
 */
import type { GrafanaProvisionedRule } from '@conduit/core';

/** An alert rule as `GET /api/v1/provisioning/alert-rules` lists it (Grafana's ProvisionedAlertRule). */
export interface ExistingRule {
  uid: string;
  title: string;
  folderUID: string;
  ruleGroup: string;
  condition: string;
  data: unknown[];
  noDataState: string;
  execErrState: string;
  for: string;
  annotations?: Record<string, string>;
  labels?: Record<string, string>;
  isPaused?: boolean;
  /** `file` for rules Grafana read from provisioning files, `api` for rules written through the API, or empty. */
  provenance?: string;
}

/** Grafana's provenance of rules read from provisioning files (`provisioning/alerting/`). */
export const FILE_PROVENANCE = 'file';

export interface ApplyPlan {
  create: GrafanaProvisionedRule[];
  update: GrafanaProvisionedRule[];
  /** The app's own rules that are no longer generated. */
  remove: ExistingRule[];
  unchanged: GrafanaProvisionedRule[];
  /** Rules that differ but come from provisioning files: left alone. */
  fileManaged: GrafanaProvisionedRule[];
}

/** The prefix of every generated uid; with the `conduit_rule` label, it marks a rule as the app's to delete. */
export const RULE_UID_PREFIX = 'conduit-';

export function isAppRule(rule: ExistingRule): boolean {
  return rule.uid.startsWith(RULE_UID_PREFIX) && rule.labels?.conduit_rule !== undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Whether everything the app sends is in what Grafana holds. Grafana fills in defaults of its own in stored queries
 * (intervals, datasource references), so extra keys inside `data` do not count as a difference.
 */
function contains(sent: unknown, held: unknown): boolean {
  if (Array.isArray(sent)) {
    return (
      Array.isArray(held) && sent.length === held.length && sent.every((item, index) => contains(item, held[index]))
    );
  }
  if (isRecord(sent)) {
    return isRecord(held) && Object.entries(sent).every(([key, value]) => contains(value, held[key]));
  }
  return sent === held;
}

/** Maps of strings compare whole: a label or annotation someone added in Grafana is a difference to undo. */
function sameStrings(sent: Record<string, string>, held: Record<string, string> | undefined): boolean {
  const heldEntries = Object.entries(held ?? {});
  return heldEntries.length === Object.keys(sent).length && heldEntries.every(([key, value]) => sent[key] === value);
}

export function sameRule(desired: GrafanaProvisionedRule, existing: ExistingRule): boolean {
  return (
    desired.title === existing.title &&
    desired.folderUID === existing.folderUID &&
    desired.ruleGroup === existing.ruleGroup &&
    desired.condition === existing.condition &&
    desired.noDataState === existing.noDataState &&
    desired.execErrState === existing.execErrState &&
    desired.for === existing.for &&
    desired.isPaused === (existing.isPaused ?? false) &&
    sameStrings(desired.labels, existing.labels) &&
    sameStrings(desired.annotations, existing.annotations) &&
    contains(desired.data, existing.data)
  );
}

export function planApply(desired: readonly GrafanaProvisionedRule[], existing: readonly ExistingRule[]): ApplyPlan {
  const held = new Map(existing.map((rule) => [rule.uid, rule]));
  const wanted = new Set(desired.map((rule) => rule.uid));
  const plan: ApplyPlan = { create: [], update: [], remove: [], unchanged: [], fileManaged: [] };
  for (const rule of desired) {
    const current = held.get(rule.uid);
    if (current === undefined) {
      plan.create.push(rule);
    } else if (sameRule(rule, current)) {
      plan.unchanged.push(rule);
    } else if (current.provenance === FILE_PROVENANCE) {
      plan.fileManaged.push(rule);
    } else {
      plan.update.push(rule);
    }
  }
  plan.remove = existing.filter(
    (rule) => isAppRule(rule) && !wanted.has(rule.uid) && rule.provenance !== FILE_PROVENANCE
  );
  return plan;
}

/**
 * How a generated rule stands in Grafana: held as generated, held but different, held different from a provisioning
 * file, or not held.
 */
export type RuleStanding = 'applied' | 'differs' | 'file' | 'missing';

export function ruleStandings(plan: ApplyPlan): Map<string, RuleStanding> {
  return new Map<string, RuleStanding>([
    ...plan.unchanged.map((rule): [string, RuleStanding] => [rule.uid, 'applied']),
    ...plan.update.map((rule): [string, RuleStanding] => [rule.uid, 'differs']),
    ...plan.fileManaged.map((rule): [string, RuleStanding] => [rule.uid, 'file']),
    ...plan.create.map((rule): [string, RuleStanding] => [rule.uid, 'missing']),
  ]);
}
