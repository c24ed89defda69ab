/**
 * Makes Grafana's alert rules equal the generated ones through the alerting provisioning API
 * (`/api/v1/provisioning/alert-rules`, `.../folder/{folderUid}/rule-groups/{group}`): the folder first when it is
 * missing, then deletions, updates and creations by stable uid, then each group's evaluation interval. A rule
 * Grafana refuses is reported by itself; the others still go through.
 */
import { type DetectionAlertRule, type GrafanaRuleTarget, provisionedAlertRule, ruleGroupName } from '@conduit/core';

import { type ExistingRule, planApply } from './applyPlan';

/** An HTTP answer of 400 or more, with the message Grafana gave. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** Grafana's HTTP API as the apply needs it; throws ApiError for refusals. */
export interface GrafanaClient {
  request<T>(method: Method, url: string, body?: unknown): Promise<T>;
}

export type RuleAction = 'create' | 'update' | 'delete';

export interface RuleFailure {
  uid: string;
  title: string;
  action: RuleAction | 'interval';
  message: string;
}

export interface ApplyReport {
  /** Titles by outcome. */
  created: string[];
  updated: string[];
  deleted: string[];
  unchanged: string[];
  /** Rules that differ but Grafana read from provisioning files, which the API may not change. */
  fileManaged: string[];
  /** Groups whose interval was set. */
  intervals: Array<{ group: string; seconds: number }>;
  folderCreated: boolean;
  failures: RuleFailure[];
  /** A failure that stopped the apply before any rule was written (the folder or the list could not be read). */
  error?: string;
}

export interface ApplyProgress {
  done: number;
  total: number;
  step: string;
}

/** A rule group as the provisioning API has it (definitions.AlertRuleGroup); interval in seconds. */
interface RuleGroup {
  title: string;
  folderUid: string;
  interval: number;
  rules: unknown[];
}

function messageOf(failure: unknown): string {
  return failure instanceof Error ? failure.message : String(failure);
}

const RULES_URL = '/api/v1/provisioning/alert-rules';

function ruleUrl(uid: string): string {
  return `${RULES_URL}/${encodeURIComponent(uid)}`;
}

function groupUrl(folderUid: string, group: string): string {
  return `/api/v1/provisioning/folder/${encodeURIComponent(folderUid)}/rule-groups/${encodeURIComponent(group)}`;
}

async function ensureFolder(client: GrafanaClient, target: GrafanaRuleTarget): Promise<boolean> {
  try {
    await client.request('GET', `/api/folders/${encodeURIComponent(target.folderUid)}`);
    return false;
  } catch (failure) {
    if (!(failure instanceof ApiError && failure.status === 404)) {
      throw failure;
    }
  }
  await client.request('POST', '/api/folders', { uid: target.folderUid, title: target.folderTitle });
  return true;
}

export async function applyRules(
  client: GrafanaClient,
  rules: readonly DetectionAlertRule[],
  target: GrafanaRuleTarget,
  onProgress: (progress: ApplyProgress) => void = () => undefined
): Promise<ApplyReport> {
  const report: ApplyReport = {
    created: [],
    updated: [],
    deleted: [],
    unchanged: [],
    fileManaged: [],
    intervals: [],
    folderCreated: false,
    failures: [],
  };
  let existing: ExistingRule[];
  try {
    onProgress({ done: 0, total: 1, step: `Checking the folder ${target.folderTitle}` });
    report.folderCreated = await ensureFolder(client, target);
  } catch (failure) {
    return { ...report, error: `The folder ${target.folderTitle} (${target.folderUid}): ${messageOf(failure)}` };
  }
  try {
    onProgress({ done: 0, total: 1, step: 'Reading the alert rules Grafana holds' });
    existing = await client.request<ExistingRule[]>('GET', RULES_URL);
  } catch (failure) {
    return { ...report, error: `The alert rules could not be read: ${messageOf(failure)}` };
  }
  const plan = planApply(
    rules.map((rule) => provisionedAlertRule(rule, target)),
    existing
  );
  report.unchanged = plan.unchanged.map((rule) => rule.title);
  report.fileManaged = plan.fileManaged.map((rule) => rule.title);
  const intervals = new Map(rules.map((rule) => [ruleGroupName(rule.intervalSeconds), rule.intervalSeconds]));
  const total = plan.remove.length + plan.update.length + plan.create.length + intervals.size;
  let done = 0;
  const step = async (text: string, work: () => Promise<void>) => {
    onProgress({ done, total, step: text });
    await work();
    done += 1;
  };
  const attempt = async (uid: string, title: string, action: RuleFailure['action'], work: () => Promise<unknown>) => {
    try {
      await work();
      return true;
    } catch (failure) {
      report.failures.push({ uid, title, action, message: messageOf(failure) });
      return false;
    }
  };
  // Deletions first, so that a title a removed rule held is free for the rule that takes it.
  for (const rule of plan.remove) {
    await step(`Deleting ${rule.title}`, async () => {
      if (await attempt(rule.uid, rule.title, 'delete', () => client.request('DELETE', ruleUrl(rule.uid)))) {
        report.deleted.push(rule.title);
      }
    });
  }
  for (const rule of plan.update) {
    await step(`Updating ${rule.title}`, async () => {
      if (await attempt(rule.uid, rule.title, 'update', () => client.request('PUT', ruleUrl(rule.uid), rule))) {
        report.updated.push(rule.title);
      }
    });
  }
  for (const rule of plan.create) {
    await step(`Creating ${rule.title}`, async () => {
      if (await attempt(rule.uid, rule.title, 'create', () => client.request('POST', RULES_URL, rule))) {
        report.created.push(rule.title);
      }
    });
  }
  // Grafana evaluates a group at one interval; a group a new rule creates starts at Grafana's default.
  for (const [group, seconds] of intervals) {
    await step(`Setting ${group} to every ${seconds} s`, async () => {
      await attempt(group, group, 'interval', async () => {
        const current = await client.request<RuleGroup>('GET', groupUrl(target.folderUid, group));
        if (current.interval !== seconds) {
          await client.request('PUT', groupUrl(target.folderUid, group), { ...current, interval: seconds });
          report.intervals.push({ group, seconds });
        }
      });
    });
  }
  onProgress({ done: total, total, step: 'Done' });
  return report;
}

/** Whether the apply changed nothing in Grafana. */
export function changedNothing(report: ApplyReport): boolean {
  return (
    report.created.length === 0 &&
    report.updated.length === 0 &&
    report.deleted.length === 0 &&
    report.intervals.length === 0 &&
    !report.folderCreated
  );
}
