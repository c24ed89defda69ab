import type { PreferredVisualisationType, QueryResultMeta, QueryResultMetaNotice } from '@grafana/data';

import type { PlantAnalysis } from '../analysis/plantAnalysis';

/** More warnings than this are counted, not listed: a frame's notices are read by a person. */
const MAX_NOTICES = 5;

export function warningNotices(problems: readonly string[]): QueryResultMetaNotice[] {
  const notices: QueryResultMetaNotice[] = problems
    .slice(0, MAX_NOTICES)
    .map((text) => ({ severity: 'warning', text }));
  if (problems.length > MAX_NOTICES) {
    notices.push({ severity: 'warning', text: `${problems.length - MAX_NOTICES} more warnings` });
  }
  return notices;
}

/**
 * Meta of a frame computed from an analysis: what was sent to the stores, and what could not be read or used
 * (`more`: the warnings of the step the frame shows, such as the risk model's).
 */
export function analysisMeta(
  analysis: PlantAnalysis,
  visualisation: PreferredVisualisationType,
  more: readonly string[] = []
): QueryResultMeta {
  const notices = [
    ...analysis.sources.map((text): QueryResultMetaNotice => ({ severity: 'info', text })),
    ...warningNotices([...analysis.problems, ...more]),
  ];
  return {
    preferredVisualisationType: visualisation,
    // The query inspector shows this text: where the findings came from first, then every statement sent.
    executedQueryString: [...analysis.sources.map((source) => `-- ${source}`), ...analysis.statements].join('\n'),
    ...(notices.length > 0 ? { notices } : {}),
  };
}
