/**
 * Custom playbooks, written in YAML (or JSON) in the app's settings. Every problem names its place
 * (`playbooks[1].steps[3].role`), so an admin fixes a long file without guessing.
 */
import { FINDING_CATEGORIES } from '../finding';
import {
  array,
  boolean,
  INVALID,
  isPlainRecord,
  listValues,
  object,
  oneOf,
  optional,
  type ProblemSink,
  quote,
  ROOT_PATH,
  string,
  typed,
  withDefault,
} from '../model/schema';
import { readStructuredText } from '../model/zoneModelFile';
import type { ZoneModelProblem } from '../model/zoneModelValidation';
import { INCIDENT_PHASES, INCIDENT_ROLES } from './incidentPhases';
import type { Playbook, PlaybookStep } from './playbooks';

const nonEmptyString = string({ nonEmpty: true });

const stepSchema = typed<PlaybookStep>()(
  object({
    id: nonEmptyString,
    phase: oneOf(INCIDENT_PHASES, (v) => `unknown phase ${quote(String(v))} (allowed: ${listValues(INCIDENT_PHASES)})`),
    role: oneOf(INCIDENT_ROLES, (v) => `unknown role ${quote(String(v))} (allowed: ${listValues(INCIDENT_ROLES)})`),
    title: nonEmptyString,
    iec62443: optional(string()),
    csf: optional(string()),
    caution: optional(string()),
    needsApproval: optional(boolean()),
  })
);

const playbookSchema = typed<Playbook>()(
  object({
    id: nonEmptyString,
    name: nonEmptyString,
    description: withDefault(string(), () => ''),
    categories: withDefault(
      array(
        oneOf(
          FINDING_CATEGORIES,
          (v) => `unknown finding category ${quote(String(v))} (allowed: ${listValues(FINDING_CATEGORIES)})`
        )
      ),
      () => []
    ),
    steps: array(stepSchema),
  })
);

const fileSchema = object({ playbooks: array(playbookSchema) });

export type PlaybookFileResult = { ok: true; playbooks: Playbook[] } | { ok: false; problems: ZoneModelProblem[] };

function checkIdentities(playbooks: readonly Playbook[], sink: ProblemSink): void {
  const ids = new Set<string>();
  playbooks.forEach((playbook, index) => {
    if (ids.has(playbook.id)) {
      sink.report(`playbooks[${index}].id`, `the id ${quote(playbook.id)} is used by an earlier playbook`);
    }
    ids.add(playbook.id);
    if (playbook.steps.length === 0) {
      sink.report(`playbooks[${index}].steps`, 'a playbook needs at least one step');
    }
    const stepIds = new Set<string>();
    playbook.steps.forEach((step, stepIndex) => {
      if (stepIds.has(step.id)) {
        sink.report(
          `playbooks[${index}].steps[${stepIndex}].id`,
          `the id ${quote(step.id)} is used by an earlier step of this playbook`
        );
      }
      stepIds.add(step.id);
    });
  });
}

/** Custom playbooks from the settings' text; empty text is no custom playbooks. Never throws. */
export function parsePlaybooks(text: string): PlaybookFileResult {
  if (text.trim() === '') {
    return { ok: true, playbooks: [] };
  }
  const read = readStructuredText(text);
  if ('problem' in read) {
    return { ok: false, problems: [read.problem] };
  }
  const problems: ZoneModelProblem[] = [];
  const sink: ProblemSink = { report: (path, message) => problems.push({ path, message }) };
  if (!isPlainRecord(read.value)) {
    sink.report(ROOT_PATH, 'expected a mapping with a `playbooks` list');
    return { ok: false, problems };
  }
  const file = fileSchema.check(read.value, ROOT_PATH, sink);
  if (file !== INVALID) {
    checkIdentities(file.playbooks, sink);
  }
  return file === INVALID || problems.length > 0 ? { ok: false, problems } : { ok: true, playbooks: file.playbooks };
}
