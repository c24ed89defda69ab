/**
 * Loads the zone model a command was given, or says everything that is wrong with it: an unreadable file
 * by name, and every validator problem with its path.
 */
import { readFileSync } from 'node:fs';

import { formatProblem, parseZoneModel, type ZoneModel } from '@conduit/core';

import { errorMessage } from './commandIo';

export type ZoneModelLoad = { ok: true; model: ZoneModel; warnings: string[] } | { ok: false; errors: string[] };

export function loadZoneModel(path: string): ZoneModelLoad {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return { ok: false, errors: [`cannot read zone model ${path}: ${errorMessage(error)}`] };
  }
  const format = /\.json$/i.test(path) ? 'json' : undefined;
  const validation = parseZoneModel(text, format);
  if (!validation.ok) {
    return {
      ok: false,
      errors: [
        `zone model ${path} is not valid:`,
        ...validation.problems.map((problem) => `  ${formatProblem(problem)}`),
      ],
    };
  }
  return {
    ok: true,
    model: validation.model,
    warnings: validation.problems.map((problem) => `zone model ${path}: ${formatProblem(problem)}`),
  };
}
