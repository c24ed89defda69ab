/**
 * Authentication brute force: many failed logons from one source against one target within a window,
 * and worse, a successful logon from that source soon after (the guess worked).
 */
import type { Finding } from '../finding';
import type { AuthAggregate, Observations } from '../observations';
import { techniqueOf } from './attackTechniques';
import type { DetectionContext } from './detectionContext';
import { compareAuth } from '../aggregation/observationOrder';
import { authSeriesOf, type Series } from '../observationSeries';
import { episodesOf } from './episodes';
import { evidenceQuery } from './evidenceQuery';
import { entity, evidenceRows, makeFinding } from './findingDraft';

export const BRUTE_FORCE = 'brute-force';

const FAILURE = /fail|deny|denied|reject|invalid|bad|locked/i;
const SUCCESS = /success|succeeded|ok|accept|allow|granted/i;

export function isFailedLogon(result: string): boolean {
  return FAILURE.test(result);
}

export function isSuccessfulLogon(result: string): boolean {
  return !FAILURE.test(result) && SUCCESS.test(result);
}

type Outcome = 'failure' | 'success' | 'other';

/** A logon result's outcome, worked out once per distinct result text: a handful of texts recur in every record. */
function outcomeOf(result: string, known: Map<string, Outcome>): Outcome {
  let outcome = known.get(result);
  if (outcome === undefined) {
    outcome = isFailedLogon(result) ? 'failure' : isSuccessfulLogon(result) ? 'success' : 'other';
    known.set(result, outcome);
  }
  return outcome;
}

/** Failed and successful logon series of one source against one target. */
interface Pair {
  failures: Array<Series<AuthAggregate>>;
  successes: Array<Series<AuthAggregate>>;
}

/** Logon series by target asset, then source address: two map levels, with no key text made per series. */
function pairsOf(obs: Observations): Pair[] {
  const outcomes = new Map<string, Outcome>();
  const byTarget = new Map<string, Map<string, Pair>>();
  const pairs: Pair[] = [];
  for (const series of authSeriesOf(obs)) {
    const { asset, srcIp, result } = series.first;
    const outcome = outcomeOf(result, outcomes);
    if (outcome === 'other') {
      continue;
    }
    let bySource = byTarget.get(asset);
    if (bySource === undefined) {
      bySource = new Map();
      byTarget.set(asset, bySource);
    }
    let pair = bySource.get(srcIp);
    if (pair === undefined) {
      pair = { failures: [], successes: [] };
      bySource.set(srcIp, pair);
      pairs.push(pair);
    }
    (outcome === 'failure' ? pair.failures : pair.successes).push(series);
  }
  return pairs;
}

/** The attempts of some series that counted at least one logon, by bucket, then by series. */
function attemptsOf(series: ReadonlyArray<Series<AuthAggregate>>): AuthAggregate[] {
  const attempts: AuthAggregate[] = [];
  for (const s of series) {
    for (const attempt of s.records()) {
      if (attempt.count > 0) {
        attempts.push(attempt);
      }
    }
  }
  return attempts.sort(compareAuth);
}

function groupKey(a: AuthAggregate): string {
  return `${a.asset}|${a.srcIp}`;
}

/** Failure buckets that lie in some window of `windowMs` holding at least `minFailures` failures. */
function burstBuckets(failures: AuthAggregate[], windowMs: number, minFailures: number): AuthAggregate[] {
  const marked = new Set<AuthAggregate>();
  let lo = 0;
  let sum = 0;
  for (let hi = 0; hi < failures.length; hi++) {
    sum += failures[hi].count;
    while (failures[hi].bucketStart - failures[lo].bucketStart >= windowMs) {
      sum -= failures[lo].count;
      lo++;
    }
    if (sum >= minFailures) {
      for (let i = lo; i <= hi; i++) {
        marked.add(failures[i]);
      }
    }
  }
  return failures.filter((f) => marked.has(f));
}

export function detectBruteForce(obs: Observations, ctx: DetectionContext): Finding[] {
  const settings = ctx.config['brute-force'];
  const bucketMs = ctx.bucketMs;
  // Successful logons are looked at only for a pair with a burst of failures, so only then made; they are
  // kept under the key of the pair's episodes.
  const successesByKey = new Map<string, AuthAggregate[]>();
  const bursts: AuthAggregate[] = [];
  for (const pair of pairsOf(obs)) {
    if (pair.failures.length === 0) {
      continue;
    }
    const burst = burstBuckets(attemptsOf(pair.failures), settings.windowBuckets * bucketMs, settings.minFailures);
    if (burst.length > 0) {
      successesByKey.set(groupKey(burst[0]), attemptsOf(pair.successes));
      bursts.push(...burst);
    }
  }
  const episodes = episodesOf(
    bursts,
    groupKey,
    (a) => a.bucketStart,
    (a) => a.bucketStart + a.bucketMs,
    settings.windowBuckets * bucketMs
  );
  return episodes.map((episode) => {
    const first = episode.items[0];
    const failures = episode.items.reduce((sum, a) => sum + a.count, 0);
    const users = [...new Set(episode.items.map((a) => a.user).filter((u) => u !== ''))];
    const methods = [...new Set(episode.items.map((a) => a.method).filter((m) => m !== ''))];
    const latest = episode.end + settings.successWithinBuckets * bucketMs;
    const success = (successesByKey.get(episode.key) ?? [])
      .filter((s) => s.bucketStart >= episode.start && s.bucketStart <= latest)
      .sort(compareAuth)[0];
    const end = success === undefined ? episode.end : Math.max(episode.end, success.bucketStart + success.bucketMs);
    const minutes = Math.max(1, Math.round((episode.end - episode.start) / 60_000));
    const source = ctx.nameOf(first.srcAsset, first.srcIp);
    const target = ctx.nameOf(first.asset, '');
    const as = users.length === 1 ? ` as ${users[0]}` : users.length > 1 ? ` as ${users.length} different users` : '';
    const over = methods.length > 0 ? ` over ${methods.join(', ')}` : '';
    const then =
      success === undefined ? '' : `, then logged on successfully${success.user !== '' ? ` as ${success.user}` : ''}`;
    const score = success === undefined ? 55 + Math.min(20, failures / 5) : 88 + Math.min(10, failures / 20);
    return makeFinding({
      detector: BRUTE_FORCE,
      category: 'brute-force',
      time: episode.start,
      endTime: end,
      score,
      technique: techniqueOf('brute-force', success === undefined ? 'failed' : 'succeeded'),
      source: entity(first.srcAsset, first.srcIp, ctx.zoneOf(first.srcZone, first.srcIp) ?? first.srcZone),
      destination: entity(first.asset, undefined, ctx.zoneOf(first.zone, '') ?? first.zone),
      explanation: `${source} failed ${failures} logons to ${target}${as}${over} within ${minutes} minute${
        minutes === 1 ? '' : 's'
      }${then}.`,
      evidence: {
        records: evidenceRows(success === undefined ? episode.items : [...episode.items, success]),
        query: evidenceQuery({
          measurement: 'auth',
          tags: { asset: first.asset, src_ip: first.srcIp },
          from: episode.start,
          to: end,
        }),
        store: (ctx.zoneOf(first.zone, '')?.purdueLevel ?? 4) <= 3 ? 'ot' : 'it',
      },
    });
  });
}
