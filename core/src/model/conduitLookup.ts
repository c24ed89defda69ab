/**
 * Which conduits permit traffic from one zone to another: a two-way conduit permits both directions,
 * a one-way conduit only from its `from` zone to its `to` zone. Traffic within one zone needs no
 * conduit (the validator refuses a conduit from a zone to itself), so the caller decides what
 * intra-zone traffic means.
 */
import type { Conduit, ZoneModel } from './zoneModel';

export interface ConduitIndex {
  /** The conduits permitting traffic fromZone -> toZone, in model order; empty when none does. */
  conduitsBetween(fromZone: string, toZone: string): readonly Conduit[];
}

const NONE: readonly Conduit[] = Object.freeze([]);

function permits(conduit: Conduit, fromZone: string, toZone: string): boolean {
  if (conduit.from === fromZone && conduit.to === toZone) {
    return true;
  }
  return conduit.direction === 'two-way' && conduit.from === toZone && conduit.to === fromZone;
}

/** Indexes the model's conduits once, for the many lookups of a detector run. */
export function createConduitIndex(model: Pick<ZoneModel, 'conduits'>): ConduitIndex {
  const byFrom = new Map<string, Map<string, Conduit[]>>();
  const add = (from: string, to: string, conduit: Conduit) => {
    let byTo = byFrom.get(from);
    if (byTo === undefined) {
      byTo = new Map();
      byFrom.set(from, byTo);
    }
    const list = byTo.get(to);
    if (list === undefined) {
      byTo.set(to, [conduit]);
    } else if (!list.includes(conduit)) {
      list.push(conduit);
    }
  };
  for (const conduit of model.conduits) {
    add(conduit.from, conduit.to, conduit);
    if (conduit.direction === 'two-way') {
      add(conduit.to, conduit.from, conduit);
    }
  }
  return {
    conduitsBetween: (fromZone, toZone) => byFrom.get(fromZone)?.get(toZone) ?? NONE,
  };
}

/** One-off form of `createConduitIndex(model).conduitsBetween(fromZone, toZone)`. */
export function conduitsBetween(model: Pick<ZoneModel, 'conduits'>, fromZone: string, toZone: string): Conduit[] {
  return model.conduits.filter((conduit) => permits(conduit, fromZone, toZone));
}
