/**
 * Which picture the frames make. Scored entities (likelihood and impact fields) make the risk matrix; a time
 * field with numeric fields makes the timeline; two text fields and a number make a generic matrix. The mode
 * set in the options wins when the frames fit it; otherwise the panel says, in one line, what is missing.
 */
import { type DataFrame, FieldType } from '@grafana/data';

import type { RiskHeatmapOptions } from '../types';
import { isFactorsOverTimeFrame, readFactorsOverTime } from './factorsOverTime';
import { categoryFields, categoryMatrixModel, type MatrixModel, riskMatrixModel } from './matrixModel';
import { isRiskEntityFrame, readRiskEntities } from './riskEntities';
import { arrangeTimeline, isTimelineFrame, readTimelineRows, type TimelineModel } from './timelineModel';

export type RiskPanelData =
  | { mode: 'matrix'; matrix: MatrixModel; problems: string[] }
  | { mode: 'timeline'; timeline: TimelineModel; problems: string[] }
  | { mode: 'none'; message: string };

const MATRIX_NEEDS = 'numeric likelihood and impact fields (a Conduit risk query) or two text fields and a number';
const TIMELINE_NEEDS = 'a time field and numeric fields (a Conduit risk query over time)';

function frameName(frame: DataFrame, index: number): string {
  return frame.name ? `"${frame.name}"` : frame.refId ? `of query ${frame.refId}` : `${index + 1}`;
}

/** What a frame has, for a message that names what is missing: `fields entity (text), value (number)`. */
function fieldsOf(frame: DataFrame): string {
  const shown = frame.fields
    .slice(0, 4)
    .map((field) => `${field.name} (${field.type === FieldType.string ? 'text' : field.type})`);
  const more = frame.fields.length > 4 ? ` and ${frame.fields.length - 4} more` : '';
  return frame.fields.length === 0 ? 'no fields' : `fields ${shown.join(', ')}${more}`;
}

/** A timeline frame of scores, not the factors frame that explains them. */
function isScoreTimeline(frame: DataFrame): boolean {
  return isTimelineFrame(frame) && !isRiskEntityFrame(frame) && !isFactorsOverTimeFrame(frame);
}

function fitsNeither(frame: DataFrame): boolean {
  return (
    !isFactorsOverTimeFrame(frame) &&
    !isRiskEntityFrame(frame) &&
    !isTimelineFrame(frame) &&
    categoryFields(frame) === undefined
  );
}

function matrixOf(
  series: DataFrame[],
  options: RiskHeatmapOptions
): { matrix: MatrixModel; problems: string[] } | undefined {
  if (series.some(isRiskEntityFrame)) {
    const { entities, problems } = readRiskEntities(series);
    return { matrix: riskMatrixModel(entities, options.levels), problems };
  }
  const generic = series
    .filter((frame) => !isTimelineFrame(frame))
    .map(categoryFields)
    .find(Boolean);
  return generic === undefined ? undefined : { matrix: categoryMatrixModel(generic), problems: [] };
}

function timelineOf(series: DataFrame[], options: RiskHeatmapOptions): TimelineModel | undefined {
  const frames = series.filter(isScoreTimeline);
  if (frames.length === 0) {
    return undefined;
  }
  // The entity view beside the timeline gives each row its zone, Purdue level and factors.
  const { entities } = readRiskEntities(series);
  const byId = new Map(entities.map((entity) => [entity.id, entity]));
  const { times, rows } = readTimelineRows(frames, byId);
  return { ...arrangeTimeline(times, rows, options.order, options.topN), explainAt: readFactorsOverTime(series, byId) };
}

export function readPanelData(series: DataFrame[], options: RiskHeatmapOptions): RiskPanelData {
  const withRows = series.filter((frame) => frame.length > 0 || frame.fields.length > 0);
  const leftOut = withRows
    .map((frame, index) => ({ frame, index }))
    .filter(({ frame }) => fitsNeither(frame))
    .map(
      ({ frame, index }) =>
        `Frame ${frameName(frame, index)} left out: it has ${fieldsOf(frame)}, not ${MATRIX_NEEDS} nor ${TIMELINE_NEEDS}`
    );
  const wantsTimeline = options.mode === 'timeline' || (options.mode === 'auto' && withRows.some(isScoreTimeline));
  if (wantsTimeline) {
    const timeline = timelineOf(withRows, options);
    if (timeline === undefined) {
      return { mode: 'none', message: `The timeline needs ${TIMELINE_NEEDS}; ${describe(withRows)}` };
    }
    return { mode: 'timeline', timeline, problems: leftOut };
  }
  const matrix = matrixOf(withRows, options);
  if (matrix === undefined) {
    return {
      mode: 'none',
      message:
        options.mode === 'matrix'
          ? `The matrix needs ${MATRIX_NEEDS}; ${describe(withRows)}`
          : `Nothing to draw: the panel needs ${MATRIX_NEEDS} for a matrix, or ${TIMELINE_NEEDS} for a timeline; ${describe(withRows)}`,
    };
  }
  return { mode: 'matrix', matrix: matrix.matrix, problems: [...matrix.problems, ...leftOut] };
}

function describe(series: DataFrame[]): string {
  if (series.length === 0) {
    return 'the query returned no frames';
  }
  const first = series[0];
  const others = series.length > 1 ? ` (and ${series.length - 1} more frames)` : '';
  return `frame ${frameName(first, 0)} has ${fieldsOf(first)}${others}`;
}
