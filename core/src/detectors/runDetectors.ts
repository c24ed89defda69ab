/**
 * Runs every detector over one set of observations and returns one ordered, de-duplicated list: by time,
 * then id. Findings with the same id are one finding (the higher score stays). Connections a scan made,
 * and nothing else, are summed up by the scan's own finding rather than reported one by one as policy
 * violations and new paths: those that last beyond the scan stay.
 */
import type { Finding } from '../finding';
import type { Observations } from '../observations';
import { ALERT_PASSTHROUGH, passThroughAlerts } from './alertPassthrough';
import { BRUTE_FORCE, detectBruteForce } from './bruteForce';
import { CONDUIT_POLICY, detectConduitViolations } from './conduitPolicy';
import { CONTROLLER_MODE, detectModeChanges } from './controllerMode';
import { CONTROLLER_PROGRAM, detectProgramChanges } from './controllerProgram';
import type { DetectionContext } from './detectionContext';
import { NEW_COMMUNICATION, detectNewCommunication } from './newCommunication';
import { OT_COMMAND, detectUnauthorizedCommands } from './otCommand';
import { PROCESS_ANOMALY, detectProcessAnomalies } from './processAnomaly';
import { RECONNAISSANCE, detectReconnaissance } from './reconnaissance';
import { SENSOR_HEALTH, detectSensorHealth } from './sensorHealth';
import { SILENT_CHANNEL, detectSilentChannels } from './silentChannel';

export interface Detector {
  name: string;
  detect(obs: Observations, ctx: DetectionContext): Finding[];
}

export const DETECTORS: readonly Detector[] = [
  { name: CONDUIT_POLICY, detect: detectConduitViolations },
  { name: NEW_COMMUNICATION, detect: detectNewCommunication },
  { name: OT_COMMAND, detect: detectUnauthorizedCommands },
  { name: CONTROLLER_PROGRAM, detect: detectProgramChanges },
  { name: CONTROLLER_MODE, detect: detectModeChanges },
  { name: PROCESS_ANOMALY, detect: detectProcessAnomalies },
  { name: RECONNAISSANCE, detect: detectReconnaissance },
  { name: BRUTE_FORCE, detect: detectBruteForce },
  { name: SILENT_CHANNEL, detect: detectSilentChannels },
  { name: ALERT_PASSTHROUGH, detect: passThroughAlerts },
  { name: SENSOR_HEALTH, detect: detectSensorHealth },
];

export interface DetectionRun {
  findings: Finding[];
  /** One message per detector that failed on these observations; its findings are missing. */
  problems: string[];
}

/** Categories a scan's individual connections would otherwise raise. */
const SCAN_PARTS = new Set<string>(['conduit-violation', 'new-path']);

function within(a: Finding, from: number, to: number): boolean {
  return a.time >= from && (a.endTime ?? a.time) <= to;
}

function withoutScanParts(findings: Finding[]): Finding[] {
  const scans = findings.filter((f) => f.category === 'reconnaissance' && f.source?.ip !== undefined);
  if (scans.length === 0) {
    return findings;
  }
  return findings.filter(
    (f) =>
      !SCAN_PARTS.has(f.category) ||
      !scans.some((s) => s.source?.ip === f.source?.ip && within(f, s.time, s.endTime ?? s.time))
  );
}

export function compareFindings(a: Finding, b: Finding): number {
  return a.time - b.time || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Runs the detectors and reports the ones that failed instead of throwing. */
export function runDetectorsWithProblems(
  obs: Observations,
  ctx: DetectionContext,
  detectors: readonly Detector[] = DETECTORS
): DetectionRun {
  const problems: string[] = [];
  const byId = new Map<string, Finding>();
  for (const detector of detectors) {
    let found: Finding[];
    try {
      found = detector.detect(obs, ctx);
    } catch (error) {
      problems.push(`detector ${detector.name} failed: ${error instanceof Error ? error.message : String(error)}`);
      continue;
    }
    for (const finding of found) {
      const known = byId.get(finding.id);
      if (known === undefined || finding.score > known.score) {
        byId.set(finding.id, finding);
      }
    }
  }
  const findings = withoutScanParts([...byId.values()]).sort(compareFindings);
  return { findings, problems };
}

/** Every detector's findings, de-duplicated and ordered by time, then id. */
export function runDetectors(obs: Observations, ctx: DetectionContext): Finding[] {
  return runDetectorsWithProblems(obs, ctx).findings;
}
