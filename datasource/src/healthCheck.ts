/**
 * Save & test: each configured store on its own, through its proxy route, and the zone model. The message names
 * every part that failed and why, in the words of the proxy's answer (the browser sees nothing else).
 */
import { parseInfluxResponse, type StoreKind } from '@conduit/core';
import type { TestDataSourceResponse } from '@grafana/data';
import { lastValueFrom } from 'rxjs';

import type { PlantModel } from './plantModel';
import type { StoreClient } from './store/storeClient';

/** Cheap, and it fails when the database does not exist (SHOW MEASUREMENTS on a missing database does not). */
export const HEALTH_STATEMENT = 'SHOW RETENTION POLICIES';

interface PartCheck {
  ok: boolean;
  message: string;
}

function retentionPolicies(body: string): { ok: true; names: string[] } | { ok: false; error: string } {
  const read = parseInfluxResponse(body, { epoch: 'ms' });
  if (!read.ok) {
    return { ok: false, error: read.error };
  }
  const statement = read.statements[0];
  if (statement === undefined) {
    return { ok: false, error: 'InfluxDB answered without a result' };
  }
  if (statement.error !== undefined) {
    return { ok: false, error: statement.error };
  }
  const names = statement.series.flatMap((series) => {
    const column = series.columns.indexOf('name');
    return column < 0 ? [] : series.values[column].filter((v): v is string => typeof v === 'string');
  });
  return { ok: true, names };
}

export async function checkStore(client: StoreClient): Promise<PartCheck> {
  const { settings, label } = client;
  if (settings.database === '') {
    return { ok: false, message: `${label}: no database is configured` };
  }
  const reply = await lastValueFrom(client.send(HEALTH_STATEMENT));
  if (!reply.ok) {
    return { ok: false, message: reply.error };
  }
  const policies = retentionPolicies(reply.body);
  if (!policies.ok) {
    return { ok: false, message: `${label}: ${policies.error}` };
  }
  if (settings.retentionPolicy !== '' && !policies.names.includes(settings.retentionPolicy)) {
    return {
      ok: false,
      message: `${label}: database "${settings.database}" has no retention policy "${settings.retentionPolicy}" (it has ${policies.names.map((n) => `"${n}"`).join(', ') || 'none'})`,
    };
  }
  const policy = settings.retentionPolicy === '' ? '' : `, retention policy "${settings.retentionPolicy}"`;
  return { ok: true, message: `${label}: connected, database "${settings.database}"${policy}` };
}

export function checkZoneModel(plant: PlantModel): PartCheck {
  if (!plant.ok) {
    const [first, ...rest] = plant.problems;
    const more = rest.length === 0 ? '' : ` (and ${rest.length} more problem${rest.length === 1 ? '' : 's'})`;
    return { ok: false, message: `Zone model: ${first}${more}` };
  }
  const { zones, conduits, assets } = plant.summary;
  const warnings =
    plant.warnings.length === 0 ? '' : `; ${plant.warnings.length} setting(s) ignored: ${plant.warnings[0]}`;
  return { ok: true, message: `Zone model: ${zones} zones, ${conduits} conduits, ${assets} assets${warnings}` };
}

export async function checkHealth(
  clients: Readonly<Record<StoreKind, StoreClient>>,
  plant: PlantModel
): Promise<TestDataSourceResponse> {
  const configured = (['it', 'ot'] as const).filter((kind) => clients[kind].settings.configured);
  if (configured.length === 0) {
    return { status: 'error', message: 'Neither store has a URL: set the IT store, the OT store or both.' };
  }
  const parts = [...(await Promise.all(configured.map((kind) => checkStore(clients[kind])))), checkZoneModel(plant)];
  const failed = parts.filter((part) => !part.ok);
  const all = parts.map((part) => part.message).join('. ') + '.';
  if (failed.length === 0) {
    return { status: 'success', message: all };
  }
  return {
    status: 'error',
    message: failed.map((part) => part.message).join('. ') + '.',
    details: { message: all },
  };
}
