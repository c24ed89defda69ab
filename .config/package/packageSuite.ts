/**
 * npm run package: zips the built app (with its nested datasource and panels) as
 * dist/conduit-itot-app-<version>.zip holding one folder named after the app's id, the layout Grafana's plugin
 * installer and its plugins folder expect. Run `npm run build:plugins` first.
 */
import fs from 'fs';
import path from 'path';

import { SUITE_DIST } from '../webpack/plugins';
import { zipFolder } from './zipFolder';

const root = path.resolve(__dirname, '../..');
const appDist = path.join(root, SUITE_DIST);

function fail(message: string): never {
  console.error(`package: ${message}`);
  process.exit(1);
}

if (!fs.existsSync(path.join(appDist, 'plugin.json'))) {
  fail(`${SUITE_DIST} is missing: run npm run build:plugins first`);
}
const plugin: unknown = JSON.parse(fs.readFileSync(path.join(appDist, 'plugin.json'), 'utf8'));
if (typeof plugin !== 'object' || plugin === null || !('id' in plugin) || typeof plugin.id !== 'string') {
  fail(`${SUITE_DIST}/plugin.json has no "id"`);
}
const { id } = plugin;
const version = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version;
const zipFile = path.join(root, 'dist', `${id}-${version}.zip`);
const epoch = Number(process.env.SOURCE_DATE_EPOCH);
const entries = zipFolder(
  appDist,
  id,
  zipFile,
  Number.isFinite(epoch) && epoch > 0 ? new Date(epoch * 1000) : new Date()
);
process.stdout.write(`${path.relative(root, zipFile)}: ${entries} entries under ${id}/\n`);
