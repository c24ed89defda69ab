/**
 * Refreshes Grafana's reference data in this folder from Grafana's public sources at a tag or commit, for
 * maintainers (it needs the network, or a local clone of grafana/grafana):
 *
 *   npx ts-node --transpile-only test/grafana-reference/refresh.ts --ref v12.4.0
 *   npx ts-node --transpile-only test/grafana-reference/refresh.ts --ref v13.0.0 --grafana-checkout ../grafana
 *
 * Then run the build checks and the browser tests: a module name Grafana newly shares needs a provider in
 * test/host/sharedModules.ts, and the host build says which.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import {
  namesOfSharedDependencies,
  PLUGIN_SCHEMA_SOURCE,
  pluginSchemaText,
  SHARED_DEPENDENCIES_SOURCE,
  sharedDependenciesText,
  sharedDependencyKeys,
} from './grafanaSources';

const REFERENCE_DIR = __dirname;
const RAW_GITHUB = 'https://raw.githubusercontent.com/grafana/grafana';
const USAGE =
  'usage: refresh.ts --ref <Grafana tag or commit> [--grafana-checkout <folder of a grafana/grafana clone>]';

function flag(name: string): string | undefined {
  const args = process.argv.slice(2);
  const index = args.indexOf(name);
  if (index === -1) {
    return undefined;
  }
  const value = args[index + 1];
  if (value === undefined || value.startsWith('--')) {
    throw new Error(`${name} needs a value\n${USAGE}`);
  }
  return value;
}

/** A file of grafana/grafana at the ref: from the clone when one is given (checked out at that ref), else GitHub. */
async function grafanaFile(path: string, ref: string, checkout: string | undefined): Promise<string> {
  if (checkout !== undefined) {
    const file = join(resolve(checkout), path);
    if (!existsSync(file)) {
      throw new Error(`${file} is missing: is ${checkout} a clone of grafana/grafana checked out at ${ref}?`);
    }
    return readFileSync(file, 'utf8');
  }
  const url = `${RAW_GITHUB}/${encodeURIComponent(ref)}/${path}`;
  const response = await fetch(url);
  if (!response.ok) {
    throw new Error(`GET ${url} answered ${response.status}: is ${ref} a tag or commit of grafana/grafana?`);
  }
  return response.text();
}

function namesIn(file: string): string[] {
  return existsSync(file) ? namesOfSharedDependencies(readFileSync(file, 'utf8')) : [];
}

async function main(): Promise<void> {
  const ref = flag('--ref');
  if (ref === undefined) {
    throw new Error(`--ref is required\n${USAGE}`);
  }
  const checkout = flag('--grafana-checkout');

  const schemaFile = join(REFERENCE_DIR, 'plugin.schema.json');
  const schema = pluginSchemaText(await grafanaFile(PLUGIN_SCHEMA_SOURCE, ref, checkout));
  const schemaChanged = !existsSync(schemaFile) || readFileSync(schemaFile, 'utf8') !== schema;
  writeFileSync(schemaFile, schema);
  process.stdout.write(`plugin.schema.json: ${schemaChanged ? 'changed' : 'unchanged'} (${ref})\n`);

  const listFile = join(REFERENCE_DIR, 'shared-dependencies.txt');
  const before = namesIn(listFile);
  const keys = sharedDependencyKeys(await grafanaFile(SHARED_DEPENDENCIES_SOURCE, ref, checkout));
  writeFileSync(listFile, sharedDependenciesText(keys, ref));
  const added = keys.names.filter((name) => !before.includes(name));
  const removed = before.filter((name) => !keys.names.includes(name));
  process.stdout.write(
    `shared-dependencies.txt: ${keys.names.length} names (${ref}); ` +
      `added ${added.join(', ') || 'none'}; removed ${removed.join(', ') || 'none'}\n`
  );
  if (added.length > 0) {
    process.stdout.write('Give each added name a provider in test/host/sharedModules.ts.\n');
  }
  process.stdout.write('Record the ref in test/grafana-reference/README.md.\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
