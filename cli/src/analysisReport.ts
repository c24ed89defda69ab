/**
 * How conduit-analyze prints its results: aligned tables for people, or JSON lines for tools (one object
 * per line, each with a `type`: `finding`, `risk`, `chain`), findings first, then the risk rows, then the
 * chains.
 */
import type { Chain, EntityRisk, Finding, FindingEntity } from '@conduit/core';

export interface AnalysisResult {
  findings: Finding[];
  risk: { assets: EntityRisk[]; zones: EntityRisk[] };
  chains: Chain[];
}

export type ReportFormat = 'table' | 'json';
export const REPORT_FORMATS: readonly ReportFormat[] = ['table', 'json'];

/** Risk rows listed in a table, highest first; JSON lists all. */
export const TABLE_RISK_ROWS = 20;
const MAX_CELL = 60;

function isoSeconds(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) {
    return '';
  }
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

function entityText(entity: FindingEntity | undefined): string {
  if (entity === undefined) {
    return '';
  }
  const name = entity.asset ?? entity.ip ?? '';
  return entity.zone === undefined ? name : `${name} (${entity.zone})`;
}

function cell(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > MAX_CELL ? `${flat.slice(0, MAX_CELL - 3)}...` : flat;
}

/** Columns padded to their widest cell; the last column (the sentence) is neither padded nor cut. */
export function formatTable(header: string[], rows: string[][]): string {
  const all = [header, ...rows].map((row) =>
    row.map((value, i) => (i === row.length - 1 ? value.replace(/\s+/g, ' ') : cell(value)))
  );
  const widths = header.map((_, i) => Math.max(...all.map((row) => (row[i] ?? '').length)));
  return all
    .map((row) =>
      row
        .map((value, i) => (i === row.length - 1 ? value : value.padEnd(widths[i])))
        .join('  ')
        .trimEnd()
    )
    .map((line) => `${line}\n`)
    .join('');
}

function topFactors(risk: EntityRisk): string {
  return [...risk.factors]
    .filter((f) => f.contribution > 0)
    .sort((a, b) => b.contribution - a.contribution)
    .slice(0, 3)
    .map((f) => `${f.label} ${Math.round(f.contribution)}`)
    .join(', ');
}

function findingsTable(findings: Finding[]): string {
  if (findings.length === 0) {
    return 'Findings: none\n';
  }
  return `Findings (${findings.length})\n${formatTable(
    ['TIME', 'SEVERITY', 'SCORE', 'CATEGORY', 'TECHNIQUE', 'SOURCE', 'DESTINATION', 'EXPLANATION'],
    findings.map((f) => [
      isoSeconds(f.time),
      f.severity,
      String(Math.round(f.score)),
      f.category,
      f.technique ?? '',
      entityText(f.source),
      entityText(f.destination),
      f.explanation,
    ])
  )}`;
}

function riskTable(risk: AnalysisResult['risk']): string {
  const rows = [...risk.zones, ...risk.assets].sort((a, b) => b.score - a.score).slice(0, TABLE_RISK_ROWS);
  if (rows.length === 0) {
    return 'Risk: nothing assessed\n';
  }
  const total = risk.zones.length + risk.assets.length;
  const title = total > rows.length ? `Risk (top ${rows.length} of ${total})` : `Risk (${total})`;
  return `${title}\n${formatTable(
    ['KIND', 'NAME', 'ZONE', 'LEVEL', 'IMPACT', 'LIKELIHOOD', 'SCORE', 'TOP FACTORS'],
    rows.map((r) => [
      r.kind,
      r.name,
      r.zone ?? '',
      r.purdueLevel === undefined ? '' : `L${r.purdueLevel}`,
      r.impact.toFixed(1),
      r.likelihood.toFixed(1),
      String(Math.round(r.score)),
      topFactors(r),
    ])
  )}`;
}

function chainsTable(chains: Chain[]): string {
  if (chains.length === 0) {
    return 'Chains: none\n';
  }
  return `Chains (${chains.length})\n${formatTable(
    ['START', 'END', 'SEVERITY', 'SCORE', 'STEPS', 'ZONES', 'TECHNIQUES', 'TITLE'],
    chains.map((c) => [
      isoSeconds(c.start),
      isoSeconds(c.end),
      c.severity,
      String(Math.round(c.score)),
      String(c.steps.length),
      c.zones.join(' > '),
      c.techniques.join(' '),
      c.title,
    ])
  )}`;
}

export function formatReportTable(result: AnalysisResult): string {
  return [findingsTable(result.findings), riskTable(result.risk), chainsTable(result.chains)].join('\n');
}

/** JSON lines: findings, then risk rows (zones, then assets), then chains. */
export function* reportJsonLines(result: AnalysisResult): Generator<string> {
  for (const finding of result.findings) {
    yield `${JSON.stringify({ type: 'finding', ...finding })}\n`;
  }
  for (const row of [...result.risk.zones, ...result.risk.assets]) {
    yield `${JSON.stringify({ type: 'risk', ...row })}\n`;
  }
  for (const chain of result.chains) {
    yield `${JSON.stringify({ type: 'chain', ...chain })}\n`;
  }
}
