/**
 * The cells a matrix draws: the core's likelihood x impact risk matrix of scored entities, or, for generic
 * frames, one cell per pair of values of two category fields with the sum of a numeric field.
 */
import { riskMatrix, type RiskMatrixLevels } from '@conduit/core';
import { type DataFrame, type Field, FieldType } from '@grafana/data';

import type { RiskEntityRow } from './riskEntities';

export interface MatrixEntry {
  key: string;
  name: string;
  /** The value shown beside the name: the risk score, or the generic frame's value. */
  value: number;
  /** Scored entities carry their factors. */
  entity?: RiskEntityRow;
  frame: DataFrame;
  row: number;
}

export interface MatrixCell {
  /** Column from the left and row from the top. */
  column: number;
  row: number;
  /** What the cell is, in words: `likelihood 4, impact 5`. */
  label: string;
  count: number;
  /** The value that colours the cell: the score of its centre, or the sum of its rows' values. */
  colourValue: number;
  entries: MatrixEntry[];
}

export interface MatrixModel {
  kind: 'risk' | 'category';
  columnTitle: string;
  rowTitle: string;
  columnLabels: string[];
  /** Top to bottom. */
  rowLabels: string[];
  /** Row-major from the top left. */
  cells: MatrixCell[];
  /** The field whose config colours the cells and formats their values, when the frames have one. */
  valueField?: Field;
}

const RISK_LEVEL_NAMES: Record<RiskMatrixLevels, string[]> = {
  3: ['low', 'medium', 'high'],
  5: ['1', '2', '3', '4', '5'],
};

/** Likelihood across (1 at the left), impact up (1 at the bottom), as risk matrices are drawn. */
export function riskMatrixModel(entities: RiskEntityRow[], levels: RiskMatrixLevels): MatrixModel {
  const byKey = new Map(entities.map((entity) => [`${entity.kind}:${entity.id}`, entity]));
  const assets = entities.filter((entity) => entity.kind === 'asset');
  const zones = entities.filter((entity) => entity.kind === 'zone');
  const matrix = riskMatrix({ assets, zones }, { kind: 'all', levels });
  const names = RISK_LEVEL_NAMES[levels];
  const cells: MatrixCell[] = [];
  for (let row = 0; row < levels; row++) {
    const impact = levels - row;
    for (let column = 0; column < levels; column++) {
      const likelihood = column + 1;
      const cell = matrix.cells[(likelihood - 1) * levels + (impact - 1)];
      cells.push({
        column,
        row,
        label: `likelihood ${names[likelihood - 1]}, impact ${names[impact - 1]}`,
        count: cell.count,
        colourValue: cell.centreScore,
        entries: cell.entities.flatMap((placed) => {
          const entity = byKey.get(`${placed.kind}:${placed.id}`);
          return entity === undefined
            ? []
            : [
                {
                  key: `${placed.kind}:${placed.id}`,
                  name: placed.name,
                  value: placed.score,
                  entity,
                  frame: entity.frame,
                  row: entity.row,
                },
              ];
        }),
      });
    }
  }
  const scoreField = entities
    .map((entity) => entity.frame.fields.find((field) => field.name === 'score'))
    .find(Boolean);
  return {
    kind: 'risk',
    columnTitle: 'Likelihood',
    rowTitle: 'Impact',
    columnLabels: names,
    rowLabels: [...names].reverse(),
    cells,
    ...(scoreField === undefined ? {} : { valueField: scoreField }),
  };
}

export interface CategoryFields {
  frame: DataFrame;
  columns: Field;
  rows: Field;
  value: Field;
}

/** Two string fields and a numeric one in the same frame, the first two taken in order. */
export function categoryFields(frame: DataFrame): CategoryFields | undefined {
  const strings = frame.fields.filter((field) => field.type === FieldType.string);
  const value = frame.fields.find((field) => field.type === FieldType.number);
  return strings.length >= 2 && value !== undefined
    ? { frame, columns: strings[0], rows: strings[1], value }
    : undefined;
}

function distinct(field: Field, length: number): string[] {
  const seen = new Set<string>();
  for (let row = 0; row < length; row++) {
    seen.add(String(field.values[row] ?? ''));
  }
  return [...seen].sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
}

/** Category values in natural order (`zone 2` before `zone 10`); the row axis reads upwards like the risk matrix. */
export function categoryMatrixModel({ frame, columns, rows, value }: CategoryFields): MatrixModel {
  const columnLabels = distinct(columns, frame.length);
  const rowLabels = distinct(rows, frame.length).reverse();
  const columnIndex = new Map(columnLabels.map((label, index) => [label, index]));
  const rowIndex = new Map(rowLabels.map((label, index) => [label, index]));
  const cells: MatrixCell[] = rowLabels.flatMap((rowLabel, row) =>
    columnLabels.map((columnLabel, column) => ({
      column,
      row,
      label: `${columns.config.displayName ?? columns.name} ${columnLabel}, ${rows.config.displayName ?? rows.name} ${rowLabel}`,
      count: 0,
      colourValue: 0,
      entries: [],
    }))
  );
  for (let index = 0; index < frame.length; index++) {
    const x = columnIndex.get(String(columns.values[index] ?? '')) ?? 0;
    const y = rowIndex.get(String(rows.values[index] ?? '')) ?? 0;
    const raw: unknown = value.values[index];
    const amount = typeof raw === 'number' && Number.isFinite(raw) ? raw : 0;
    const cell = cells[y * columnLabels.length + x];
    cell.count++;
    cell.colourValue += amount;
    cell.entries.push({
      key: String(index),
      name: `${columnLabels[x]} / ${rowLabels[y]}`,
      value: amount,
      frame,
      row: index,
    });
  }
  return {
    kind: 'category',
    columnTitle: columns.config.displayName ?? columns.name,
    rowTitle: rows.config.displayName ?? rows.name,
    columnLabels,
    rowLabels,
    cells,
    valueField: value,
  };
}
