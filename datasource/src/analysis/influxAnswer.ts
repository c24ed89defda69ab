/**
 * An InfluxDB 1.x answer that the analysis reads as a whole (the core's `observationsFromInfluxResults` takes
 * the parsed JSON): parsed once, and refused with the store's own message when a statement failed, so the
 * failure is reported against the store rather than read as "no data".
 */
import { parseInfluxResponse } from '@conduit/core';

export type InfluxAnswer = { ok: true; value: unknown } | { ok: false; error: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The first failure an answer reports: InfluxDB's top-level `error`, or a statement's. */
function reportedError(value: unknown): string | undefined {
  if (!isRecord(value)) {
    return undefined;
  }
  if (typeof value.error === 'string' && value.error !== '') {
    return value.error;
  }
  if (Array.isArray(value.results)) {
    for (const [index, result] of value.results.entries()) {
      if (isRecord(result) && typeof result.error === 'string' && result.error !== '') {
        const id = typeof result.statement_id === 'number' ? result.statement_id : index;
        return `statement ${id}: ${result.error}`;
      }
    }
  }
  return undefined;
}

export function readInfluxAnswer(body: string): InfluxAnswer {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    // Only on this path does the core parser run: it says where and how the text broke.
    const read = parseInfluxResponse(body, { epoch: 'ms' });
    return { ok: false, error: read.ok ? 'the answer could not be read' : read.error };
  }
  const error = reportedError(value);
  if (error !== undefined) {
    return { ok: false, error };
  }
  if (!isRecord(value) || !Array.isArray(value.results)) {
    const read = parseInfluxResponse(body, { epoch: 'ms' });
    return { ok: false, error: read.ok ? 'the answer has no results' : read.error };
  }
  return { ok: true, value };
}
