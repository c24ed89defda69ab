/**
 * Save & test: each configured store on its own, through its proxy route, and the zone model. The message names
 * every part that failed and why, in the words of the proxy's answer (the browser sees nothing else).
 */
import { parseInfluxResponse, type StoreKind } from '@conduit/core';
import type { TestDataSourceResponse } from '@grafana/data';
import { lastValueFrom } from 'rxjs';

import type { PlantModel } from './plantModel';
import type { StoreClient, StoreReply } from './store/storeClient';

/** Cheap, and it fails when the database does not exist (SHOW MEASUREMENTS on a missing database does not). */
export const HEALTH_STATEMENT = 'SHOW RETENTION POLICIES';

/** Only an admin may list users; it answers when authentication is off too. */
export const ADMIN_PRIVILEGE_STATEMENT = 'SHOW USERS';

/** A part of the check: failed, passed, or passed with a warning that the admin should act on. */
interface PartCheck {
  ok: boolean;
  message: string;
  warning?: boolean;
}

/** InfluxDB 1.x's words when a user lacks a statement's privilege ("... not authorized to execute statement ..."). */
const NOT_AUTHORIZED = /not authorized to execute statement/;

function statementError(body: string): string | undefined {
  const read = parseInfluxResponse(body, { epoch: 'ms' });
  if (!read.ok) {
    return read.error;
  }
  return read.statements[0]?.error;
}

type PrivilegeAnswer = 'allowed' | 'refused' | { unknown: string };

async function privilege(reply: Promise<StoreReply>): Promise<PrivilegeAnswer> {
  const answer = await reply;
  const error = answer.ok ? statementError(answer.body) : answer.error;
  if (error === undefined) {
    return 'allowed';
  }
  return NOT_AUTHORIZED.test(error) ? 'refused' : { unknown: error };
}

/**
 * What the configured user may do beyond reading, asked without changing anything, as a clause that follows the
 * store's "connected" (undefined when the user may only read): the datasource only reads, and
 * everyone who may query it (Viewers too) can send the store anything through Grafana's data proxy, so the
 * store's user rights are the boundary (docs/datasource.md, "A read-only store user").
 */
export async function checkUserRights(client: StoreClient): Promise<PartCheck | undefined> {
  const { settings } = client;
  const admin = await privilege(lastValueFrom(client.send(ADMIN_PRIVILEGE_STATEMENT)));
  if (admin === 'allowed') {
    const who =
      settings.auth === 'none' ? 'the store runs without authentication' : 'the configured user is an InfluxDB admin';
    return {
      ok: true,
      warning: true,
      message: `but ${who}, so anyone who may query this datasource can change or erase the store's data: give the datasource a user with READ on "${settings.database}" only`,
    };
  }
  const write = await privilege(lastValueFrom(client.probeWritePrivilege()));
  if (write === 'allowed') {
    return {
      ok: true,
      warning: true,
      message: `but the configured user may write to "${settings.database}", so anyone who may query this datasource can change or erase its data: give the datasource a user with READ only`,
    };
  }
  if (write !== 'refused') {
    return { ok: true, message: `whether the user may write could not be checked (${write.unknown})` };
  }
  return undefined;
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
  if (settings.url.endsWith('/')) {
    // The route appends /query to the URL as written, and InfluxDB answers 404 to //query.
    return { ok: false, message: `${label}: the URL ends with "/"; remove it` };
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
  const connected = `${label}: connected, database "${settings.database}"${policy}`;
  const rights = await checkUserRights(client);
  const queries = await checkContinuousQueries(client);
  const clauses = [rights, queries].filter((part): part is PartCheck => part !== undefined);
  if (clauses.length === 0) {
    return { ok: true, message: `${connected}, read only` };
  }
  return {
    ok: true,
    warning: clauses.some((part) => part.warning),
    message: [rights === undefined ? `${connected}, read only` : connected, ...clauses.map((c) => c.message)].join(
      '; '
    ),
  };
}

/** Lists InfluxDB's continuous queries, which anyone may do who may read. */
export const CONTINUOUS_QUERIES_STATEMENT = 'SHOW CONTINUOUS QUERIES';

/**
 * Continuous queries on the store's database, as a warning clause. InfluxDB 1.x lets a user with READ define one
 * whose INTO names no database (influxql's CreateContinuousQueryStatement.RequiredPrivileges), and the server's
 * continuous-query service then writes its results into the database: a way for anyone who may query the
 * datasource to add or overwrite points. Stores behind Conduit run that service off; the admin is shown any
 * definition so that one made this way is seen.
 */
export async function checkContinuousQueries(client: StoreClient): Promise<PartCheck | undefined> {
  const reply = await lastValueFrom(client.send(CONTINUOUS_QUERIES_STATEMENT));
  if (!reply.ok) {
    return undefined;
  }
  const read = parseInfluxResponse(reply.body, { epoch: 'ms' });
  const statement = read.ok ? read.statements[0] : undefined;
  const names = (statement?.series ?? [])
    .filter((series) => series.name === client.settings.database)
    .flatMap((series) => {
      const column = series.columns.indexOf('name');
      return column < 0 ? [] : series.values[column].filter((v): v is string => typeof v === 'string');
    });
  if (names.length === 0) {
    return undefined;
  }
  const listed = names.map((name) => `"${name}"`).join(', ');
  return {
    ok: true,
    warning: true,
    message: `the database has continuous queries (${listed}); InfluxDB lets any user who may read define one that writes, so run the store's continuous-query service off ([continuous_queries] enabled = false) unless you made them`,
  };
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
    // Grafana shows the test result as an alert of this severity (DataSourceTestingStatus).
    return { status: parts.some((part) => part.warning) ? 'warning' : 'success', message: all };
  }
  return {
    status: 'error',
    message: failed.map((part) => part.message).join('. ') + '.',
    details: { message: all },
  };
}
