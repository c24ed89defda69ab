/**
 * Scored entities read from frames: the Conduit datasource's risk query (entity, id, kind, zone, purdueLevel,
 * impact, likelihood, score, factors as JSON), or any frame with numeric `likelihood` and `impact` fields.
 */
import { type EntityRisk, type PurdueLevel, type RiskFactor, scoreOf } from '@conduit/core';
import { type DataFrame, type Field, FieldType } from '@grafana/data';

export interface RiskEntityRow extends EntityRisk {
  /** Where the row came from, for its data links and field display. */
  frame: DataFrame;
  row: number;
}

export interface RiskEntities {
  entities: RiskEntityRow[];
  /** Rows left out, each reason naming the field at fault. */
  problems: string[];
}

export function fieldNamed(frame: DataFrame, name: string): Field | undefined {
  return frame.fields.find((field) => field.name === name);
}

export function isRiskEntityFrame(frame: DataFrame): boolean {
  const likelihood = fieldNamed(frame, 'likelihood');
  const impact = fieldNamed(frame, 'impact');
  return likelihood?.type === FieldType.number && impact?.type === FieldType.number;
}

function text(field: Field | undefined, row: number): string | undefined {
  const value: unknown = field?.values[row];
  return value === undefined || value === null || value === '' ? undefined : String(value);
}

function onScale(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 1 && value <= 5;
}

const PURDUE_LEVELS = new Set(['0', '1', '2', '3', '3.5', '4', '5']);

function purdueLevel(value: unknown): PurdueLevel | undefined {
  const key = value === undefined || value === null ? '' : String(value);
  return PURDUE_LEVELS.has(key) ? (Number(key) as PurdueLevel) : undefined;
}

/** The factors of a row: the datasource sends them as a JSON array of RiskFactor. */
function readFactors(value: unknown): RiskFactor[] | string {
  if (value === undefined || value === null || value === '') {
    return [];
  }
  let parsed: unknown;
  try {
    parsed = typeof value === 'string' ? JSON.parse(value) : value;
  } catch {
    return 'is not JSON';
  }
  if (!Array.isArray(parsed)) {
    return 'is not a list of factors';
  }
  const factors = parsed.filter(
    (f): f is RiskFactor =>
      typeof f === 'object' &&
      f !== null &&
      typeof (f as RiskFactor).label === 'string' &&
      typeof (f as RiskFactor).contribution === 'number'
  );
  return factors.length === parsed.length ? factors : 'holds entries without a label and a contribution';
}

function listRows(rows: number[]): string {
  const shown = rows.slice(0, 5).map((row) => row + 1);
  return `${rows.length === 1 ? 'row' : 'rows'} ${shown.join(', ')}${rows.length > 5 ? ` and ${rows.length - 5} more` : ''}`;
}

export function readRiskEntities(series: DataFrame[]): RiskEntities {
  const entities: RiskEntityRow[] = [];
  const problems: string[] = [];
  for (const frame of series.filter(isRiskEntityFrame)) {
    const fields = {
      entity: fieldNamed(frame, 'entity'),
      id: fieldNamed(frame, 'id'),
      kind: fieldNamed(frame, 'kind'),
      zone: fieldNamed(frame, 'zone'),
      purdueLevel: fieldNamed(frame, 'purdueLevel'),
      likelihood: fieldNamed(frame, 'likelihood'),
      impact: fieldNamed(frame, 'impact'),
      score: fieldNamed(frame, 'score'),
      factors: fieldNamed(frame, 'factors'),
    };
    const offScale: number[] = [];
    const badFactors = new Map<string, number[]>();
    for (let row = 0; row < frame.length; row++) {
      const likelihood: unknown = fields.likelihood?.values[row];
      const impact: unknown = fields.impact?.values[row];
      if (!onScale(likelihood) || !onScale(impact)) {
        offScale.push(row);
        continue;
      }
      const factors = readFactors(fields.factors?.values[row]);
      if (typeof factors === 'string') {
        badFactors.set(factors, [...(badFactors.get(factors) ?? []), row]);
      }
      const score: unknown = fields.score?.values[row];
      const name = text(fields.entity, row) ?? text(fields.id, row) ?? `row ${row + 1}`;
      const zone = text(fields.zone, row);
      const level = purdueLevel(fields.purdueLevel?.values[row]);
      entities.push({
        kind: text(fields.kind, row) === 'zone' ? 'zone' : 'asset',
        id: text(fields.id, row) ?? name,
        name,
        ...(zone === undefined ? {} : { zone }),
        ...(level === undefined ? {} : { purdueLevel: level }),
        impact,
        likelihood,
        score: typeof score === 'number' && Number.isFinite(score) ? score : scoreOf(impact, likelihood),
        factors: typeof factors === 'string' ? [] : factors,
        frame,
        row,
      });
    }
    const where = frame.name ? `frame "${frame.name}"` : `frame ${series.indexOf(frame) + 1}`;
    if (offScale.length > 0) {
      problems.push(`${where}: ${listRows(offScale)} left out, likelihood or impact is not a number from 1 to 5`);
    }
    for (const [reason, rows] of badFactors) {
      problems.push(`${where}: field "factors" of ${listRows(rows)} ${reason}; shown without factors`);
    }
  }
  return { entities, problems };
}
