/**
 * Reads a zone model file, YAML or JSON, into a validated model or a list of problems. A syntax error
 * is one problem located at `line N, column M`; a file that parses goes through `validateZoneModel`.
 *
 * Keys are the camelCase names of the types only (`purdueLevel`, not `purdue_level`): one spelling
 * keeps files greppable, and the unknown-key problem names the camelCase key a snake_case one meant.
 */
import { LineCounter, parseDocument, type Document } from 'yaml';

import { jsonErrorOffset } from './jsonErrorOffset';
import { lineOfPath } from './pathLines';
import { ROOT_PATH } from './schema';
import { validateZoneModel, type ZoneModelProblem, type ZoneModelValidation } from './zoneModelValidation';

export type ZoneModelFormat = 'yaml' | 'json';

/** JSON when the text starts with `{`, YAML otherwise (YAML would read most JSON too, but less strictly). */
export function guessZoneModelFormat(text: string): ZoneModelFormat {
  return stripBom(text).trimStart().startsWith('{') ? 'json' : 'yaml';
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function syntaxProblem(line: number, column: number, message: string): ZoneModelProblem {
  return { path: `line ${line}, column ${column}`, message };
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function readJson(text: string): { value: unknown } | { problem: ZoneModelProblem } {
  try {
    return { value: JSON.parse(text) };
  } catch (error) {
    const raw = errorMessage(error);
    const stated = /at position (\d+)/.exec(raw);
    const offset = stated ? Number(stated[1]) : (jsonErrorOffset(text) ?? text.length);
    // The parser's words on one line, without the position (the path has it) or its echo of the text.
    const message = raw
      .replace(/,\s*(?:\.\.\.)?".*" is not valid JSON$/s, '')
      .replace(/ in JSON at position \d+.*$/s, '')
      .replace(/[\u0000-\u001f]/g, (c) => JSON.stringify(c).slice(1, -1));
    const { line, column } = lineAndColumn(text, offset);
    return { problem: syntaxProblem(line, column, message) };
  }
}

/** Aliases may expand a small file into a huge value ("billion laughs"); zone models need few. */
const MAX_ALIAS_COUNT = 100;

function readYaml(text: string): { value: unknown } | { problem: ZoneModelProblem } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const error = doc.errors[0];
  if (error !== undefined) {
    const { line, col } = lineCounter.linePos(error.pos[0]);
    return { problem: syntaxProblem(line, col, error.message) };
  }
  try {
    return { value: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) };
  } catch (toJsError) {
    return { problem: { path: 'line 1, column 1', message: errorMessage(toJsError) } };
  }
}

/**
 * Reads YAML or JSON text (the format guessed when omitted) to a plain value, or to its first syntax problem at
 * `line N, column M`. Other files of the suite (playbooks) share the zone model's reading and its messages.
 */
export function readStructuredText(
  text: string,
  format?: ZoneModelFormat
): { value: unknown } | { problem: ZoneModelProblem } {
  const body = stripBom(text);
  return (format ?? guessZoneModelFormat(body)) === 'json' ? readJson(body) : readYaml(body);
}

/**
 * Adds to each problem the line of the file it points to. JSON is a subset of YAML's flow style, so one reader
 * finds the lines of both formats; a file it cannot follow keeps its problems without lines.
 */
function withLines(validation: ZoneModelValidation, text: string): ZoneModelValidation {
  if (validation.problems.length === 0) {
    return validation;
  }
  const lineCounter = new LineCounter();
  const document: Document = parseDocument(text, { lineCounter, prettyErrors: false });
  if (document.errors.length > 0) {
    return validation;
  }
  const problems = validation.problems.map((problem) => {
    if (problem.path === ROOT_PATH) {
      return problem;
    }
    const line = lineOfPath(document, lineCounter, problem.path);
    return line === undefined ? problem : { ...problem, line };
  });
  return { ...validation, problems };
}

/**
 * Parses and validates a zone model file. `format` is guessed when omitted (see
 * `guessZoneModelFormat`). Never throws.
 */
export function parseZoneModel(text: string, format?: ZoneModelFormat): ZoneModelValidation {
  if (typeof text !== 'string') {
    return { ok: false, problems: [{ path: '$', message: 'expected the text of a zone model file' }] };
  }
  const body = stripBom(text);
  if (body.trim() === '') {
    return { ok: false, problems: [syntaxProblem(1, 1, 'the file is empty')] };
  }
  try {
    const read = readStructuredText(body, format);
    if ('problem' in read) {
      return { ok: false, problems: [read.problem] };
    }
    return withLines(validateZoneModel(read.value), body);
  } catch (error) {
    return { ok: false, problems: [{ path: '$', message: `could not be read: ${errorMessage(error)}` }] };
  }
}
