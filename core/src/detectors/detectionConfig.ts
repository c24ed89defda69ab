/**
 * Detector thresholds and the baseline window, read from the zone model's `detection` section over
 * defaults that suit a plant like the simulated one (one-minute buckets, a day of learning).
 *
 * The section is keyed by detector, then by setting, e.g.
 * `detection: { reconnaissance: { minDestinations: 20 }, baseline: { hours: 48 } }`.
 */
import type { ZoneModel } from '../model/zoneModel';

export const DEFAULT_DETECTION_CONFIG = {
  baseline: {
    /** Length of the learning window at the start of the range, in hours. */
    hours: 24,
    /** The learning window never takes more than this share of the range. */
    maxFraction: 0.5,
  },
  'conduit-policy': {
    /** Also report flows from an OT zone to addresses in no zone (internet egress). */
    internetEgress: true,
    /** Purdue levels at or below this count as OT for egress. */
    otMaxLevel: 3.5,
    /** A gap longer than this (in buckets) ends one violation episode and starts the next. */
    episodeGapBuckets: 60,
  },
  'new-communication': {
    /** Only talkers and paths with an end at or below this Purdue level (the DMZ's 3.5 included) are reported: office traffic is too free to learn. */
    otMaxLevel: 3.5,
    episodeGapBuckets: 60,
    /**
     * Report a new path (or a new talker of a known role) that a conduit allows and peers of the same zone and role
     * used during the baseline, as an informational finding (it never joins a chain). Off: routine ones are not
     * reported.
     */
    reportRoutine: false,
  },
  'ot-command': {
    /**
     * A write over an allowed path is reported when its value lies outside the range written to the same
     * registers during the baseline, widened on each side by the larger of this share of the range's width
     * and `valueRelativeMargin` of the values' magnitude (operators move setpoints a little; an insider
     * multiplies them).
     */
    valueRangeTolerance: 0.5,
    valueRelativeMargin: 0.5,
    episodeGapBuckets: 30,
  },
  'controller-program': {
    episodeGapBuckets: 30,
  },
  'controller-mode': {
    episodeGapBuckets: 30,
  },
  'process-anomaly': {
    /** Robust z (distance from the baseline profile in MADs) that makes a bucket anomalous. */
    threshold: 8,
    /** Robust z of the change from one bucket's median to the next. */
    rateThreshold: 12,
    /** Consecutive anomalous buckets before a finding (rate anomalies need only one). */
    minConsecutive: 2,
    /** Buckets of baseline a point needs before it is judged. */
    minBaselineBuckets: 30,
    /** Floor of the MAD as a share of the baseline median, so a very steady point (an untouched setpoint) is not over-sensitive. */
    minMadFraction: 0.02,
    /** A bucket must also lie beyond the baseline's range widened by this share of its width on each side. */
    rangeMargin: 0.5,
    episodeGapBuckets: 10,
  },
  'sensor-health': {
    /** Consecutive buckets of one unchanging value that make a sensor stuck. */
    stuckBuckets: 10,
    /** A point is only judged stuck if no more than this share of its baseline buckets was flat. */
    maxBaselineFlatShare: 0.05,
    episodeGapBuckets: 10,
  },
  reconnaissance: {
    /** Buckets per sliding window in which distinct destinations are counted. */
    windowBuckets: 5,
    minDestinations: 8,
    minPorts: 15,
    /** The count must also exceed the source's own baseline maximum times this. */
    baselineFactor: 2,
    /**
     * A destination and port a source reaches in this many buckets or more is one it polls, not probes: it is
     * not counted, so a SCADA server polling every controller is no scan even before anything has been learnt.
     */
    pollingBuckets: 30,
    episodeGapBuckets: 30,
  },
  'brute-force': {
    windowBuckets: 10,
    minFailures: 10,
    /** A success from the same source within this many buckets after the failures raises the severity. */
    successWithinBuckets: 60,
    episodeGapBuckets: 30,
  },
  'silent-channel': {
    /** Share of the baseline's buckets a pair must be seen in to count as a periodic channel. */
    minPresence: 0.9,
    /** Consecutive buckets without the channel that make it silent. */
    silentBuckets: 10,
    episodeGapBuckets: 10,
  },
  'alert-passthrough': {
    /** Alerts below this severity (info, low, medium, high, critical) are not passed through. */
    minSeverity: 'medium',
  },
} as const;

type Widen<T> = T extends number ? number : T extends string ? string : T extends boolean ? boolean : T;
type Settings<T> = { -readonly [K in keyof T]: Widen<T[K]> };

export type DetectionConfig = {
  -readonly [D in keyof typeof DEFAULT_DETECTION_CONFIG]: Settings<(typeof DEFAULT_DETECTION_CONFIG)[D]>;
};

function copyDefaults(): DetectionConfig {
  const copy: Record<string, Record<string, number | string | boolean>> = {};
  for (const [detector, settings] of Object.entries(DEFAULT_DETECTION_CONFIG)) {
    copy[detector] = { ...settings };
  }
  return copy as DetectionConfig;
}

interface Reading {
  config: DetectionConfig;
  problems: string[];
}

function read(model: Pick<ZoneModel, 'detection'> | undefined): Reading {
  const config = copyDefaults();
  const problems: string[] = [];
  const section: unknown = model?.detection;
  if (section === undefined || section === null) {
    return { config, problems };
  }
  if (typeof section !== 'object' || Array.isArray(section)) {
    return { config, problems: ['detection: must be an object keyed by detector'] };
  }
  const target = config as unknown as Record<string, Record<string, number | string | boolean>>;
  for (const [detector, settings] of Object.entries(section as Record<string, unknown>)) {
    const defaults = target[detector];
    if (defaults === undefined) {
      problems.push(`detection.${detector}: unknown detector (known: ${Object.keys(target).join(', ')})`);
      continue;
    }
    if (typeof settings !== 'object' || settings === null || Array.isArray(settings)) {
      problems.push(`detection.${detector}: must be an object of settings`);
      continue;
    }
    for (const [key, value] of Object.entries(settings as Record<string, unknown>)) {
      if (!(key in defaults)) {
        problems.push(`detection.${detector}.${key}: unknown setting (known: ${Object.keys(defaults).join(', ')})`);
        continue;
      }
      const expected = typeof defaults[key];
      if (typeof value !== expected || (typeof value === 'number' && !Number.isFinite(value))) {
        problems.push(`detection.${detector}.${key}: must be a ${expected}, got ${JSON.stringify(value)}`);
        continue;
      }
      if (typeof value === 'number' && value < 0) {
        problems.push(`detection.${detector}.${key}: must not be negative, got ${value}`);
        continue;
      }
      defaults[key] = value as number | string | boolean;
    }
  }
  return { config, problems };
}

/** The detection settings of a zone model; settings that are unknown or of the wrong type keep their default. */
export function detectionConfig(model?: Pick<ZoneModel, 'detection'>): DetectionConfig {
  return read(model).config;
}

/** What is wrong with a zone model's `detection` section, one message per setting at fault. */
export function detectionConfigProblems(model?: Pick<ZoneModel, 'detection'>): string[] {
  return read(model).problems;
}
