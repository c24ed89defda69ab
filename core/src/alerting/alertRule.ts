/**
 * A detection rule as Grafana alerting evaluates it, independent of Grafana's JSON: InfluxQL queries on one of
 * the two stores over a window that ends at the evaluation time, then server-side expressions (reduce, math,
 * threshold) down to one condition per series. `grafanaAlertRule.ts` writes it as Grafana's provisioning JSON and
 * YAML; `ruleReplay.ts` evaluates it over past telemetry the way Grafana's scheduler would.
 */
import type { StoreKind } from '../telemetryContract';

/** Labels every rule carries, so notification policies can route on them. */
export interface DetectionRuleLabels {
  /** The template the rule was generated from. */
  conduit_rule: string;
  /**
   * Finding category the rule stands for (`conduit-violation`, `unauthorized-command`, ...); rules over the
   * analyzer's findings take it from each finding instead (a rule label would hide the query's).
   */
  category?: string;
  /** `ot` when the zone it watches is at Purdue level 3 or below (or it reads the OT store only); else `it`. */
  domain: 'it' | 'ot';
  severity: string;
  /** MITRE ATT&CK for ICS technique, where one fits. */
  technique?: string;
  /** Zone id, for rules that watch one zone (rules over several zones label each series from its tags). */
  zone?: string;
  /** That zone's Purdue level, as text (`3.5`). */
  purdue_level?: string;
}

/** A query on a store: InfluxQL with `$timeFilter`, over the `windowSeconds` before the evaluation time. */
export interface RuleQuery {
  refId: string;
  store: StoreKind;
  influxql: string;
  /** How far back the window starts; `endSeconds` back it ends (0: at the evaluation time). */
  windowSeconds: number;
  endSeconds?: number;
}

export type Reducer = 'last' | 'max' | 'min' | 'sum' | 'mean' | 'count';

/** Server-side math, kept as a tree so that the same expression is written for Grafana and evaluated in replays. */
export type MathExpression =
  | { ref: string }
  | { number: number }
  | { abs: MathExpression }
  | { op: '+' | '-' | '*' | '/' | '>' | '<' | '&&' | '||'; left: MathExpression; right: MathExpression };

export type RuleExpression =
  | { refId: string; type: 'reduce'; input: string; reducer: Reducer }
  | { refId: string; type: 'math'; expression: MathExpression }
  | { refId: string; type: 'threshold'; input: string; above: number };

export interface DetectionAlertRule {
  /** Stable uid: applying the same rule twice updates it in place. At most 40 letters, digits, - or _. */
  uid: string;
  title: string;
  /** Which template made it, as `DetectionRuleLabels.conduit_rule`. */
  template: string;
  /** What it watches, in a sentence for the rules page. */
  watches: string;
  queries: RuleQuery[];
  expressions: RuleExpression[];
  /** The refId of the expression that decides: non-zero fires. */
  condition: string;
  /** Evaluation interval, in seconds (the rule group's interval). */
  intervalSeconds: number;
  /** How long the condition must hold before the alert fires (Grafana's `for`), in seconds; 0 fires at once. */
  pendingSeconds: number;
  labels: DetectionRuleLabels;
  /** Annotation templates in Grafana's text/template dialect (`{{ $labels.src_zone }}`, `{{ $values.B }}`). */
  summary: string;
  /** The threshold as a person reads it, for the rules page (`more than 0 flows in 10 min`). */
  thresholdText: string;
}

const PRECEDENCE: Record<string, number> = { '||': 1, '&&': 2, '>': 3, '<': 3, '+': 4, '-': 4, '*': 5, '/': 5 };

/** Grafana's math expression syntax (`abs($A - $B) > 3 * $C`), parenthesised where precedence needs it. */
export function renderMath(expression: MathExpression): string {
  const render = (node: MathExpression, parent: number): string => {
    if ('ref' in node) {
      return `$${node.ref}`;
    }
    if ('number' in node) {
      return String(node.number);
    }
    if ('abs' in node) {
      return `abs(${render(node.abs, 0)})`;
    }
    const own = PRECEDENCE[node.op];
    const text = `${render(node.left, own)} ${node.op} ${render(node.right, own + 1)}`;
    return own < parent ? `(${text})` : text;
  };
  return render(expression, 0);
}

/** The refIds a math expression reads. */
export function mathInputs(expression: MathExpression): string[] {
  if ('ref' in expression) {
    return [expression.ref];
  }
  if ('number' in expression) {
    return [];
  }
  if ('abs' in expression) {
    return mathInputs(expression.abs);
  }
  return [...new Set([...mathInputs(expression.left), ...mathInputs(expression.right)])];
}

/** Evaluates math on numbers as Grafana does: comparisons and logic give 1 or 0, NaN stays NaN. */
export function evaluateMath(expression: MathExpression, values: (ref: string) => number): number {
  if ('ref' in expression) {
    return values(expression.ref);
  }
  if ('number' in expression) {
    return expression.number;
  }
  if ('abs' in expression) {
    return Math.abs(evaluateMath(expression.abs, values));
  }
  const left = evaluateMath(expression.left, values);
  const right = evaluateMath(expression.right, values);
  switch (expression.op) {
    case '+':
      return left + right;
    case '-':
      return left - right;
    case '*':
      return left * right;
    case '/':
      return left / right;
    case '>':
      return Number.isNaN(left) || Number.isNaN(right) ? Number.NaN : Number(left > right);
    case '<':
      return Number.isNaN(left) || Number.isNaN(right) ? Number.NaN : Number(left < right);
    case '&&':
      return Number.isNaN(left) || Number.isNaN(right) ? Number.NaN : Number(left !== 0 && right !== 0);
    case '||':
      return Number.isNaN(left) || Number.isNaN(right) ? Number.NaN : Number(left !== 0 || right !== 0);
  }
}

/** A rule's evaluation interval or pending period as Grafana writes durations (`1m`, `90s`, `0s`). */
export function durationText(seconds: number): string {
  if (seconds === 0) {
    return '0s';
  }
  if (seconds % 3600 === 0) {
    return `${seconds / 3600}h`;
  }
  return seconds % 60 === 0 ? `${seconds / 60}m` : `${seconds}s`;
}
