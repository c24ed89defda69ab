import { randomBytes } from 'node:crypto';

import type { Outcome } from './annotations';

/** A datasource as alert-rule validation sees it: does it exist, and can Grafana evaluate it server-side. */
export interface AlertingDataSource {
  uid: string;
  type: string;
  /** Backend plugins (and Grafana's core datasources such as InfluxDB) can be evaluated by alerting. */
  alerting: boolean;
}

/** Expression datasource uids: `__expr__`, written `-100` in older documents (expr.DatasourceUID / OldDatasourceUID). */
export const EXPRESSION_UIDS = ['__expr__', '-100'];

const EXPRESSION_TYPES = ['math', 'reduce', 'resample', 'classic_conditions', 'threshold', 'sql'];
const NO_DATA_STATES = ['Alerting', 'NoData', 'OK', 'KeepLast'];
const EXEC_ERROR_STATES = ['Alerting', 'Error', 'OK', 'KeepLast'];
const INVALID = 'invalid alert rule';

export interface StoredAlertRule {
  id: number;
  uid: string;
  orgID: number;
  folderUID: string;
  ruleGroup: string;
  title: string;
  condition: string;
  data: unknown[];
  updated: string;
  noDataState: string;
  execErrState: string;
  for: string;
  annotations: Record<string, string>;
  labels: Record<string, string>;
  isPaused: boolean;
  provenance: string;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function stringMap(value: unknown): Record<string, string> {
  return Object.fromEntries(Object.entries(record(value) ?? {}).map(([key, item]) => [key, String(item)]));
}

// Prometheus model.Duration, the JSON form of `for`: e.g. 5m, 1h30m, 0s.
const DURATION = /^(?:\d+y)?(?:\d+w)?(?:\d+d)?(?:\d+h)?(?:\d+m)?(?:\d+s)?(?:\d+ms)?$/;

/**
 * Checks the data queries and expressions as Grafana's ValidateCondition and condition building do
 * (pkg/services/ngalert/api/api_ruler_validation.go, pkg/services/ngalert/models): every entry has a refId,
 * unique, the condition names one of them, each query's datasource exists and can run in alerting (a
 * frontend-only datasource cannot), expressions use `__expr__` (or the older `-100`) with a known type, and a
 * query's relative time range starts before it ends.
 */
function validateData(
  condition: string,
  data: unknown[],
  dataSources: readonly AlertingDataSource[]
): string | undefined {
  if (data.length === 0) {
    return `${INVALID}: no queries or expressions are found`;
  }
  if (condition === '') {
    return `${INVALID}: condition cannot be empty`;
  }
  const refIds = new Map<string, number>();
  for (const [index, item] of data.entries()) {
    const query = record(item) ?? {};
    const refId = text(query.refId);
    if (refId === '') {
      return `${INVALID}: refID is not specified for data query/expression at index ${index}`;
    }
    if (refIds.has(refId)) {
      return `${INVALID}: refID '${refId}' is already used by query/expression at index ${refIds.get(refId)}`;
    }
    refIds.set(refId, index);
    const uid = text(query.datasourceUid);
    const model = record(query.model);
    if (!model) {
      return `${INVALID}: failed to build query '${refId}': model must be a JSON object`;
    }
    if (EXPRESSION_UIDS.includes(uid)) {
      const type = text(model.type);
      if (!EXPRESSION_TYPES.includes(type)) {
        return `${INVALID}: failed to build query '${refId}': expression type "${type}" is not one of ${EXPRESSION_TYPES.join(', ')}`;
      }
      continue;
    }
    if (uid === '') {
      return `${INVALID}: failed to build query '${refId}': datasourceUid is empty`;
    }
    const dataSource = dataSources.find((candidate) => candidate.uid === uid);
    if (!dataSource) {
      return `${INVALID}: failed to build query '${refId}': data source not found`;
    }
    if (!dataSource.alerting) {
      return `${INVALID}: failed to build query '${refId}': data source ${uid} (${dataSource.type}) cannot be queried by alerting: it is not a backend datasource`;
    }
    const range = record(query.relativeTimeRange);
    const from = Number(range?.from ?? 0);
    const to = Number(range?.to ?? 0);
    if (!range || !(from > to)) {
      return `${INVALID}: failed to build query '${refId}': invalid relative time range [From: ${from}, To: ${to}]: from must be before to`;
    }
  }
  if (!refIds.has(condition)) {
    return `${INVALID}: condition ${condition} does not exist, must be one of [${[...refIds.keys()].sort().join(',')}]`;
  }
  return undefined;
}

/** The fields of a ProvisionedAlertRule body once validated, as the store keeps them. */
type RuleFields = Omit<StoredAlertRule, 'id' | 'uid' | 'orgID' | 'updated' | 'provenance'>;

/** Grafana's default evaluation interval for a group a rule creates (unified_alerting.default_rule_evaluation_interval). */
const DEFAULT_INTERVAL_SECONDS = 60;
/** The scheduler's base interval: group intervals are multiples of it (unified_alerting.base_interval). */
const BASE_INTERVAL_SECONDS = 10;

/** A rule group as the provisioning API shows it (definitions.AlertRuleGroup): interval in seconds. */
export interface AlertRuleGroup {
  title: string;
  folderUid: string;
  interval: number;
  rules: StoredAlertRule[];
}

const UID = /^[a-zA-Z0-9\-_]{1,40}$/;

/**
 * Grafana's provisioning API for alert rules (pkg/services/ngalert/api/api_provisioning.go, definitions
 * ProvisionedAlertRule and AlertRuleGroup): POST validates and answers 201 with the stored rule (uid generated
 * when missing, provenance `api` unless `X-Disable-Provenance` is sent), a rule that fails validation 400 with
 * the message `invalid alert rule: <reason>`; PUT by uid validates the same way and answers 200, 404 when the
 * rule is missing; GET lists the rules. A rule group's interval is kept apart from its rules, as Grafana keeps
 * it: a rule that creates a group gets the default interval, one that joins a group takes the group's; PUT on the
 * group replaces its rules and sets its interval. Messages for empty refIds, duplicate refIds, missing condition
 * and no data are Grafana's own; the others follow its wording.
 */
export class AlertRuleStore {
  private rules: StoredAlertRule[] = [];
  /** Interval in seconds by `folderUid/group`, for the groups that hold rules. */
  private intervals = new Map<string, number>();

  constructor(
    private readonly dataSources: () => readonly AlertingDataSource[],
    private readonly folderExists: (uid: string) => boolean
  ) {}

  list(): StoredAlertRule[] {
    return this.rules;
  }

  get(uid: string): StoredAlertRule | undefined {
    return this.rules.find((rule) => rule.uid === uid);
  }

  /** Checks a ProvisionedAlertRule body as Grafana's validation does; the fields, or the answer refusing it. */
  private validate(body: unknown): Outcome<RuleFields> {
    const rule = record(body);
    if (!rule) {
      return { status: 400, message: 'bad request data' };
    }
    const title = text(rule.title);
    const ruleGroup = text(rule.ruleGroup);
    const folderUID = text(rule.folderUID);
    const condition = text(rule.condition);
    const data = Array.isArray(rule.data) ? rule.data : [];
    const noDataState = text(rule.noDataState);
    const execErrState = text(rule.execErrState);
    const forDuration = rule.for;
    const failure =
      (title === '' && `${INVALID}: title is empty`) ||
      (title.length > 190 && `${INVALID}: name length should not be greater than 190`) ||
      (ruleGroup === '' && `${INVALID}: rule group name is empty`) ||
      (ruleGroup.length > 190 && `${INVALID}: rule group name length should not be greater than 190`) ||
      (folderUID === '' && `${INVALID}: folderUID is empty`) ||
      (!this.folderExists(folderUID) && `${INVALID}: folder ${folderUID} does not exist`) ||
      validateData(condition, data, this.dataSources()) ||
      (!NO_DATA_STATES.includes(noDataState) && `unknown NoData state option ${noDataState}`) ||
      (!EXEC_ERROR_STATES.includes(execErrState) && `unknown Error state option ${execErrState}`) ||
      (forDuration === undefined && `${INVALID}: for is required`) ||
      ((typeof forDuration !== 'string' || !DURATION.test(forDuration) || forDuration === '') &&
        `${INVALID}: for must be a duration such as 5m`);
    if (failure) {
      return { status: 400, message: failure };
    }
    return {
      ok: {
        folderUID,
        ruleGroup,
        title,
        condition,
        data,
        noDataState,
        execErrState,
        for: String(forDuration),
        annotations: stringMap(rule.annotations),
        labels: stringMap(rule.labels),
        isPaused: rule.isPaused === true,
      },
    };
  }

  private titleTaken(fields: RuleFields, uid: string): boolean {
    return this.rules.some(
      (other) => other.uid !== uid && other.folderUID === fields.folderUID && other.title === fields.title
    );
  }

  private forgetEmptyGroups(): void {
    for (const key of this.intervals.keys()) {
      if (!this.rules.some((rule) => groupKey(rule.folderUID, rule.ruleGroup) === key)) {
        this.intervals.delete(key);
      }
    }
  }

  create(body: unknown, disableProvenance: boolean): Outcome<StoredAlertRule> {
    const validated = this.validate(body);
    if (!('ok' in validated)) {
      return validated;
    }
    const fields = validated.ok;
    const uid = text(record(body)?.uid) || randomBytes(7).toString('base64url');
    if (!UID.test(uid)) {
      return {
        status: 400,
        message: `${INVALID}: cannot create rule with UID '${uid}': UID must be 1 to 40 letters, digits, - or _`,
      };
    }
    if (this.rules.some((other) => other.uid === uid) || this.titleTaken(fields, uid)) {
      return { status: 409, message: CONFLICT };
    }
    const stored: StoredAlertRule = {
      id: this.rules.reduce((highest, rule) => Math.max(highest, rule.id), 0) + 1,
      uid,
      orgID: 1,
      ...fields,
      updated: new Date().toISOString(),
      provenance: disableProvenance ? '' : 'api',
    };
    this.rules.push(stored);
    const key = groupKey(fields.folderUID, fields.ruleGroup);
    if (!this.intervals.has(key)) {
      this.intervals.set(key, DEFAULT_INTERVAL_SECONDS);
    }
    return { ok: stored };
  }

  /** RoutePutAlertRule: the rule of that uid replaced by the body (the path's uid wins over the body's). */
  update(uid: string, body: unknown, disableProvenance: boolean): Outcome<StoredAlertRule> {
    const index = this.rules.findIndex((rule) => rule.uid === uid);
    if (index < 0) {
      return { status: 404, message: 'could not find alert rule' };
    }
    const validated = this.validate(body);
    if (!('ok' in validated)) {
      return validated;
    }
    const fields = validated.ok;
    if (this.titleTaken(fields, uid)) {
      return { status: 409, message: CONFLICT };
    }
    const stored: StoredAlertRule = {
      ...this.rules[index],
      ...fields,
      updated: new Date().toISOString(),
      provenance: disableProvenance ? '' : 'api',
    };
    this.rules[index] = stored;
    const key = groupKey(fields.folderUID, fields.ruleGroup);
    if (!this.intervals.has(key)) {
      this.intervals.set(key, DEFAULT_INTERVAL_SECONDS);
    }
    this.forgetEmptyGroups();
    return { ok: stored };
  }

  delete(uid: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((rule) => rule.uid !== uid);
    this.forgetEmptyGroups();
    return this.rules.length < before;
  }

  /** RouteGetAlertRuleGroup: 404 `rule group not found` when no rule is in it. */
  group(folderUid: string, title: string): AlertRuleGroup | undefined {
    const interval = this.intervals.get(groupKey(folderUid, title));
    if (interval === undefined) {
      return undefined;
    }
    const rules = this.rules.filter((rule) => rule.folderUID === folderUid && rule.ruleGroup === title);
    return { title, folderUid, interval, rules };
  }

  /**
   * RoutePutAlertRuleGroup: the group becomes the body; rules of the body are created or updated (their folder and
   * group are the path's), rules of the group the body leaves out are deleted, and the interval, a positive
   * multiple of the base interval, applies to the whole group.
   */
  replaceGroup(folderUid: string, title: string, body: unknown, disableProvenance: boolean): Outcome<AlertRuleGroup> {
    const group = record(body);
    if (!group) {
      return { status: 400, message: 'bad request data' };
    }
    const interval = Number(group.interval);
    if (!Number.isInteger(interval) || interval <= 0 || interval % BASE_INTERVAL_SECONDS !== 0) {
      return {
        status: 400,
        message: `${INVALID}: rule evaluation interval (${String(group.interval)} second) should be positive number that is multiple of the base interval of ${BASE_INTERVAL_SECONDS} seconds`,
      };
    }
    if (!this.folderExists(folderUid)) {
      return { status: 400, message: `${INVALID}: folder ${folderUid} does not exist` };
    }
    const bodies = (Array.isArray(group.rules) ? group.rules : []).map((rule): Record<string, unknown> => ({
      ...(record(rule) ?? {}),
      folderUID: folderUid,
      ruleGroup: title,
    }));
    const checked: Array<{ uid: string; fields: RuleFields }> = [];
    for (const rule of bodies) {
      const validated = this.validate(rule);
      if (!('ok' in validated)) {
        return validated;
      }
      const uid = text(rule.uid) || randomBytes(7).toString('base64url');
      if (!UID.test(uid)) {
        return { status: 400, message: `${INVALID}: cannot create rule with UID '${uid}'` };
      }
      const elsewhere = this.get(uid);
      if (elsewhere !== undefined && (elsewhere.folderUID !== folderUid || elsewhere.ruleGroup !== title)) {
        return { status: 409, message: CONFLICT };
      }
      checked.push({ uid, fields: validated.ok });
    }
    const kept = new Set(checked.map((rule) => rule.uid));
    this.rules = this.rules.filter(
      (rule) => rule.folderUID !== folderUid || rule.ruleGroup !== title || kept.has(rule.uid)
    );
    for (const { uid, fields } of checked) {
      const existing = this.get(uid);
      if (existing !== undefined) {
        this.update(uid, fields, disableProvenance);
      } else {
        this.create({ ...fields, uid }, disableProvenance);
      }
    }
    this.intervals.set(groupKey(folderUid, title), interval);
    this.forgetEmptyGroups();
    return { ok: this.group(folderUid, title) ?? { title, folderUid, interval, rules: [] } };
  }
}

const CONFLICT =
  'a conflicting alert rule is found: rule title under the same organisation and folder should be unique';

function groupKey(folderUid: string, group: string): string {
  return `${folderUid}/${group}`;
}
