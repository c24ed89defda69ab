/**
 * Authentication brute force: many failed logons from one source against one target within a window,
 * and worse, a successful logon from that source soon after (the guess worked).
 */
import type { Finding } from '../finding';
import type { AuthAggregate, Observations } from '../observations';
import type { DetectionContext } from './detectionContext';
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

/** Attempts by target asset, then source address: two map levels, with no key text made per record. */
type AttemptsByPair = Map<string, Map<string, AuthAggregate[]>>;

function addAttempt(into: AttemptsByPair, attempt: AuthAggregate): void {
  let bySource = into.get(attempt.asset);
  if (bySource === undefined) {
    bySource = new Map();
    into.set(attempt.asset, bySource);
  }
  const list = bySource.get(attempt.srcIp);
  if (list === undefined) {
    bySource.set(attempt.srcIp, [attempt]);
  } else {
    list.push(attempt);
  }
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
  const failuresByPair: AttemptsByPair = new Map();
  const successesByPair: AttemptsByPair = new Map();
  const outcomes = new Map<string, Outcome>();
  for (const attempt of obs.auth) {
    if (!(attempt.count > 0)) {
      continue;
    }
    const outcome = outcomeOf(attempt.result, outcomes);
    if (outcome !== 'other') {
      addAttempt(outcome === 'failure' ? failuresByPair : successesByPair, attempt);
    }
  }
  const bursts: AuthAggregate[] = [];
  for (const bySource of failuresByPair.values()) {
    for (const failures of bySource.values()) {
      failures.sort((a, b) => a.bucketStart - b.bucketStart);
      bursts.push(...burstBuckets(failures, settings.windowBuckets * bucketMs, settings.minFailures));
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
    const success = (successesByPair.get(first.asset)?.get(first.srcIp) ?? [])
      .filter((s) => s.bucketStart >= episode.start && s.bucketStart <= latest)
      .sort((a, b) => a.bucketStart - b.bucketStart)[0];
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
      technique: success === undefined ? undefined : 'T0859',
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
