import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

import { type Environment, interpolateDeep } from './envInterpolation';

/** A datasource as the server keeps it: settings, and its secure values, which never leave the server. */
export interface DataSourceRecord {
  id: number;
  uid: string;
  orgId: number;
  name: string;
  type: string;
  access: 'proxy' | 'direct';
  url: string;
  user: string;
  database: string;
  basicAuth: boolean;
  basicAuthUser: string;
  withCredentials: boolean;
  isDefault: boolean;
  jsonData: Record<string, unknown>;
  secureJsonData: Record<string, string>;
  version: number;
  readOnly: boolean;
}

export interface DashboardRecord {
  id: number;
  uid: string;
  title: string;
  json: Record<string, unknown>;
  file: string;
  folderUid: string;
  folderTitle: string;
}

export interface AppSettingsRecord {
  pluginId: string;
  enabled: boolean;
  pinned: boolean;
  jsonData: Record<string, unknown>;
  secureJsonData: Record<string, string>;
}

function yamlFiles(dir: string): string[] {
  if (!existsSync(dir)) {
    return [];
  }
  return readdirSync(dir)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => join(dir, name));
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function text(value: unknown, fallback = ''): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : fallback;
}

function stringValues(value: unknown): Record<string, string> {
  return Object.fromEntries(Object.entries(record(value)).map(([key, item]) => [key, text(item)]));
}

/** docker-compose mounts provisioning/ at Grafana's /etc/grafana/provisioning: `$__file{}` paths point there. */
const CONTAINER_PROVISIONING = '/etc/grafana/provisioning/';

function readYaml(file: string, env: Environment): Record<string, unknown> {
  const provisioningDir = join(file, '..', '..');
  const mapPath = (path: string) =>
    path.startsWith(CONTAINER_PROVISIONING) ? join(provisioningDir, path.slice(CONTAINER_PROVISIONING.length)) : path;
  try {
    return record(interpolateDeep(parse(readFileSync(file, 'utf8')), env, mapPath));
  } catch (error) {
    throw new Error(`${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * The datasources of `provisioning/datasources/*.yaml` (Grafana's datasource provisioning: apiVersion 1,
 * `datasources:` list), every string interpolated from the environment first. Ids follow file order; the uid
 * is the file's or, as Grafana would generate one, derived from the name.
 */
export function readProvisionedDataSources(provisioningDir: string, env: Environment): DataSourceRecord[] {
  const records: DataSourceRecord[] = [];
  for (const file of yamlFiles(join(provisioningDir, 'datasources'))) {
    const list = readYaml(file, env).datasources;
    if (!Array.isArray(list)) {
      continue;
    }
    for (const [index, item] of list.entries()) {
      const source = record(item);
      const name = text(source.name);
      const type = text(source.type);
      if (name === '' || type === '') {
        throw new Error(`${file}: datasources[${index}] needs a name and a type`);
      }
      records.push({
        id: records.length + 1,
        uid: text(source.uid) || name.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
        orgId: Number(source.orgId ?? 1),
        name,
        type,
        access: source.access === 'direct' ? 'direct' : 'proxy',
        url: text(source.url),
        user: text(source.user),
        database: text(source.database),
        basicAuth: source.basicAuth === true,
        basicAuthUser: text(source.basicAuthUser),
        withCredentials: source.withCredentials === true,
        isDefault: source.isDefault === true,
        jsonData: record(source.jsonData),
        secureJsonData: stringValues(source.secureJsonData),
        version: 1,
        readOnly: source.editable !== true,
      });
    }
  }
  return records;
}

/**
 * The dashboards of `provisioning/dashboards/*.json`, in the folder the provider file there names (Grafana's
 * file provider, `providers[].folder` / `folderUid`).
 */
export function readProvisionedDashboards(provisioningDir: string, env: Environment): DashboardRecord[] {
  const dir = join(provisioningDir, 'dashboards');
  if (!existsSync(dir)) {
    return [];
  }
  const provider = record((readYaml(yamlFiles(dir)[0] ?? '', env).providers as unknown[] | undefined)?.[0] ?? {});
  const folderTitle = text(provider.folder, 'General');
  const folderUid = text(provider.folderUid, folderTitle === 'General' ? 'general' : folderTitle.toLowerCase());
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name, index) => {
      const file = join(dir, name);
      let json: Record<string, unknown>;
      try {
        json = record(JSON.parse(readFileSync(file, 'utf8')));
      } catch (error) {
        throw new Error(`${file}: ${error instanceof Error ? error.message : String(error)}`);
      }
      const uid = text(json.uid) || name.replace(/\.json$/, '');
      return {
        id: index + 1,
        uid,
        title: text(json.title, uid),
        json: { ...json, id: index + 1, uid },
        file: name,
        folderUid,
        folderTitle,
      };
    });
}

/** The app settings of `provisioning/plugins/*.yaml` (Grafana's plugin provisioning: `apps:` list). */
export function readProvisionedApps(provisioningDir: string, env: Environment): AppSettingsRecord[] {
  return yamlFiles(join(provisioningDir, 'plugins')).flatMap((file) => {
    const apps = readYaml(file, env).apps;
    return Array.isArray(apps)
      ? apps.map((item) => {
          const app = record(item);
          return {
            pluginId: text(app.type),
            enabled: app.disabled !== true,
            pinned: true,
            jsonData: record(app.jsonData),
            secureJsonData: stringValues(app.secureJsonData),
          };
        })
      : [];
  });
}
