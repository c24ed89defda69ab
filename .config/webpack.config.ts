/**
 * The one build of the suite: one webpack configuration per plugin, all from the same recipe
 * (create-plugin's conventions), built together into the app's dist so that one folder installs everything.
 *
 *   npm run build:plugins                    production: minified, with source maps
 *   npm run build:plugins -- --mode development
 */
import fs from 'fs';
import path from 'path';
import type { Configuration } from 'webpack';

import { pluginConfig } from './webpack/pluginConfig';
import { PLUGINS } from './webpack/plugins';

const root = path.resolve(__dirname, '..');

function suiteVersion(): string {
  const pkg: unknown = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  if (typeof pkg === 'object' && pkg !== null && 'version' in pkg && typeof pkg.version === 'string') {
    return pkg.version;
  }
  throw new Error('package.json: the suite needs a "version"');
}

/** Build date; SOURCE_DATE_EPOCH (seconds) pins it for reproducible builds. */
function buildDay(): string {
  const epoch = Number(process.env.SOURCE_DATE_EPOCH);
  const date = Number.isFinite(epoch) && epoch > 0 ? new Date(epoch * 1000) : new Date();
  return date.toISOString().slice(0, 10);
}

export default function config(_env: unknown, argv: { mode?: string }): Configuration[] {
  const mode = argv.mode === 'development' ? 'development' : 'production';
  const context = { root, mode, version: suiteVersion(), today: buildDay() } as const;
  return PLUGINS.map((plugin) => pluginConfig(plugin, context));
}
