import { flowVerdict } from '@conduit/core';
import { type DataFrame, type Field, FieldType, formattedValueToString } from '@grafana/data';

import type { PanelTopology, TopologyEntity, TopologyLink } from '../types';

/** A frame the panel cannot draw, with the field at fault named. */
export class TopologyFrameError extends Error {}

function field(frame: DataFrame, name: string): Field | undefined {
  return frame.fields.find((f) => f.name === name);
}

function text(f: Field | undefined, row: number): string | undefined {
  const value: unknown = f?.values[row];
  return value === undefined || value === null || value === '' ? undefined : String(value);
}

function num(f: Field | undefined, row: number): number | undefined {
  const value: unknown = f?.values[row];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function isEdgeFrame(frame: DataFrame): boolean {
  return field(frame, 'source') !== undefined || field(frame, 'target') !== undefined;
}

/** Node Graph marks frames by name or by `meta.preferredVisualisationType`; a frame with `id` and no ends is nodes. */
function isNodeFrame(frame: DataFrame): boolean {
  return !isEdgeFrame(frame) && (field(frame, 'id') !== undefined || frame.name === 'nodes');
}

function requireField(frame: DataFrame, name: string, what: string): Field {
  const found = field(frame, name);
  if (found === undefined) {
    throw new TopologyFrameError(`The ${what} frame${frame.name ? ` "${frame.name}"` : ''} has no "${name}" field.`);
  }
  return found;
}

function readNodes(frame: DataFrame, colorFieldName: string, warnings: string[]): TopologyEntity[] {
  const ids = requireField(frame, 'id', 'nodes');
  const f = (name: string) => field(frame, name);
  const levels = [f('purdueLevel'), f('level')].find((candidate) => candidate?.type === FieldType.number);
  const kinds = f('kind');
  const parents = f('parent');
  const colorField = f(colorFieldName);
  if (colorFieldName !== '' && colorField !== undefined && colorField.type !== FieldType.number) {
    warnings.push(`The colour field "${colorFieldName}" is not numeric; zones and assets keep the neutral colour.`);
  }
  const details = frame.fields.filter((candidate) => candidate.name.startsWith('detail__'));
  // Links set in Standard options reach every field; one field's links are the node's, the id's first.
  const hasLinks = (candidate: Field | undefined) => (candidate?.config.links?.length ?? 0) > 0;
  const linkField = [ids, f('title')].find(hasLinks) ?? frame.fields.find(hasLinks);
  const entities: TopologyEntity[] = [];
  for (let row = 0; row < frame.length; row++) {
    const id = text(ids, row);
    if (id === undefined) {
      warnings.push(`Row ${row + 1} of the nodes frame has no "id"; it is left out.`);
      continue;
    }
    const kind = text(kinds, row);
    const parent = text(parents, row);
    // Conduit's `kind` says it; Node Graph frames of other sources mark an asset by its `parent`.
    const isAsset = kind === 'asset' || (kind === undefined && parent !== undefined);
    const display =
      colorField?.type === FieldType.number && colorField.display && num(colorField, row) !== undefined
        ? colorField.display(colorField.values[row])
        : undefined;
    const entity: TopologyEntity = {
      id,
      kind: isAsset ? 'asset' : 'zone',
      title: text(f('title'), row) ?? id,
      name: (isAsset ? text(f('asset'), row) : text(f('zone'), row)) ?? text(f('title'), row) ?? id,
      zoneName: text(f('zone'), row),
      level: num(levels, row),
      safety: f('safety')?.values[row] === true,
      parent,
      ip: text(f('ip'), row),
      subtitle: text(f('subtitle'), row),
      mainstat: text(f('mainstat'), row),
      findingCount: num(f('findingCount'), row) ?? 0,
      maxSeverity: text(f('maxSeverity'), row),
      slTarget: num(f('slTarget'), row),
      slAchieved: num(f('slAchieved'), row),
      color: display?.color,
      colorText: display === undefined ? undefined : formattedValueToString(display),
      details: details.flatMap((detail): Array<[string, string]> => {
        const value = text(detail, row);
        return value === undefined ? [] : [[detail.config.displayName ?? detail.name.slice('detail__'.length), value]];
      }),
      links: () => linkField?.getLinks?.({ valueRowIndex: row }) ?? [],
    };
    entities.push(entity);
  }
  return entities;
}

const VOLUME_FIELDS = ['connections', 'thickness', 'mainstat'];

function readLinks(frame: DataFrame, byId: ReadonlyMap<string, TopologyEntity>, warnings: string[]): TopologyLink[] {
  const sources = requireField(frame, 'source', 'edges');
  const targets = requireField(frame, 'target', 'edges');
  const f = (name: string) => field(frame, name);
  const volume = VOLUME_FIELDS.map(f).find((candidate) => candidate?.type === FieldType.number);
  const links: TopologyLink[] = [];
  let dangling = 0;
  for (let row = 0; row < frame.length; row++) {
    const source = text(sources, row);
    const target = text(targets, row);
    if (source === undefined || target === undefined || !byId.has(source) || !byId.has(target)) {
      dangling++;
      continue;
    }
    const kind = text(f('kind'), row) === 'conduit' ? 'conduit' : 'flow';
    const ends = [byId.get(source), byId.get(target)];
    // An end in no zone is an asset without a parent or the datasource's unzoned node.
    const unzonedIps = ends.map((end) => (end?.kind === 'asset' && end.parent === undefined ? end.ip : undefined));
    const rawVerdict = text(f('verdict'), row);
    const link: TopologyLink = {
      id: text(f('id'), row) ?? `${source}->${target}#${row}`,
      kind,
      source,
      target,
      twoWay: text(f('direction'), row) === 'two-way',
      volume: num(volume, row) ?? 1,
      text: [text(f('mainstat'), row), text(f('reason'), row) ?? text(f('secondarystat'), row)]
        .filter((part) => part !== undefined)
        .join(' · '),
    };
    if (kind === 'flow' && rawVerdict !== undefined) {
      link.verdict = flowVerdict(rawVerdict, unzonedIps);
    }
    links.push(link);
  }
  if (dangling > 0) {
    warnings.push(`${dangling} edge${dangling === 1 ? '' : 's'} with a "source" or "target" that is no node left out.`);
  }
  return links;
}

/**
 * Zones, assets and links from frames in Grafana's Node Graph convention (a nodes frame with `id`, `title`,
 * `mainstat`, `color`, `detail__*`...; an edges frame with `id`, `source`, `target`...), plus the typed fields the
 * Conduit datasource adds (`kind`, `parent`, `purdueLevel`, `verdict`, `connections`, ...). Undefined when no frame
 * holds nodes; a frame missing a field the panel needs throws a `TopologyFrameError` naming it.
 */
export function readTopology(series: DataFrame[], colorField: string): PanelTopology | undefined {
  const nodeFrames = series.filter(isNodeFrame);
  if (nodeFrames.length === 0) {
    return undefined;
  }
  const warnings: string[] = [];
  const entities = nodeFrames.flatMap((frame) => readNodes(frame, colorField, warnings));
  const byId = new Map<string, TopologyEntity>();
  for (const entity of entities) {
    if (!byId.has(entity.id)) {
      byId.set(entity.id, entity);
    }
  }
  const links = series.filter(isEdgeFrame).flatMap((frame) => readLinks(frame, byId, warnings));
  const unique = [...byId.values()];
  return {
    zones: unique.filter((entity) => entity.kind === 'zone'),
    assets: unique.filter((entity) => entity.kind === 'asset'),
    links,
    byId,
    warnings,
  };
}
