import CopyWebpackPlugin from 'copy-webpack-plugin';
import fs from 'fs';
import path from 'path';
import webpack, { type Configuration, type ExternalItemFunctionData } from 'webpack';

import { refusedSubpath, SHARED_EXTERNALS } from './externals';
import { type PluginBuild, PLUGINS, SUITE_DIST } from './plugins';

type Mode = 'production' | 'development';

export interface BuildContext {
  root: string;
  mode: Mode;
  /** Written into every plugin.json as `info.version`: the suite ships as one version. */
  version: string;
  /** Written into every plugin.json as `info.updated` (YYYY-MM-DD). */
  today: string;
}

interface PluginMeta {
  id: string;
  type: string;
}

function readPluginMeta(srcDir: string): PluginMeta {
  const file = path.join(srcDir, 'plugin.json');
  const meta: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (typeof meta !== 'object' || meta === null || !('id' in meta) || !('type' in meta)) {
    throw new Error(`${file}: a plugin.json needs "id" and "type"`);
  }
  const { id, type } = meta;
  if (typeof id !== 'string' || typeof type !== 'string') {
    throw new Error(`${file}: "id" and "type" must be strings`);
  }
  return { id, type };
}

function findEntry(srcDir: string): string {
  const candidates = ['module.ts', 'module.tsx'].map((name) => path.join(srcDir, name));
  const entry = candidates.find((file) => fs.existsSync(file));
  if (!entry) {
    throw new Error(`${srcDir}: a plugin needs src/module.ts or src/module.tsx`);
  }
  return entry;
}

/** Grafana's metadata placeholders, as create-plugin fills them. */
function stampPlaceholders(content: Buffer, context: BuildContext): string {
  return content
    .toString('utf8')
    .replace(/%VERSION%/g, context.version)
    .replace(/%TODAY%/g, context.today);
}

function swcRule(test: RegExp, tsx: boolean, development: boolean): webpack.RuleSetRule {
  return {
    test,
    exclude: /node_modules/,
    use: {
      loader: 'swc-loader',
      options: {
        jsc: {
          parser: { syntax: 'typescript', tsx, decorators: false, dynamicImport: true },
          // The automatic runtime imports react/jsx-runtime, which Grafana shares: elements are made by the
          // React that renders them (React 18 on Grafana 12, React 19 on Grafana 13).
          transform: { react: { runtime: 'automatic', development } },
          target: 'es2021',
        },
      },
    },
  };
}

function externalsFor(): Configuration['externals'] {
  const shared = Object.fromEntries(SHARED_EXTERNALS.map((name) => [name, name]));
  return [
    { ...shared, 'amd-module': 'module' },
    ({ request }: ExternalItemFunctionData, callback: (error?: Error) => void) => {
      const refusal = request ? refusedSubpath(request) : undefined;
      callback(refusal ? new Error(refusal) : undefined);
    },
  ];
}

/** The webpack configuration of one plugin of the suite. */
export function pluginConfig(plugin: PluginBuild, context: BuildContext): Configuration {
  const { root, mode } = context;
  const production = mode === 'production';
  const pluginDir = path.join(root, plugin.dir);
  const srcDir = path.join(pluginDir, 'src');
  const meta = readPluginMeta(srcDir);
  const outDir = path.join(root, SUITE_DIST, plugin.nestedPath);
  const publicPath = `public/plugins/${meta.id}/`;
  const nestedPaths = PLUGINS.map((p) => p.nestedPath).filter((p) => p !== '' && p !== plugin.nestedPath);

  return {
    name: meta.id,
    mode,
    context: pluginDir,
    target: 'web',
    devtool: production ? 'source-map' : 'eval-source-map',
    entry: { module: [path.join(__dirname, 'publicPath.ts'), findEntry(srcDir)] },
    externals: externalsFor(),
    output: {
      path: outDir,
      filename: '[name].js',
      chunkFilename: production ? '[name].js?_cache=[contenthash]' : '[name].js',
      library: { type: 'amd' },
      publicPath,
      // Keeps the chunk-loading globals of two plugins on one page apart.
      uniqueName: meta.id,
      // The app's dist holds the nested plugins, which other compilations write at the same time.
      clean: { keep: (asset: string) => nestedPaths.some((nested) => asset.startsWith(`${nested}/`)) },
    },
    resolve: {
      extensions: ['.ts', '.tsx', '.js', '.jsx', '.mjs', '.json'],
      alias: { '@conduit/core$': path.join(root, 'core/src/index.ts') },
    },
    module: {
      rules: [
        // The core is pure by design (no module-level effects), so what a plugin does not use is left out.
        { include: path.join(root, 'core/src'), sideEffects: false },
        swcRule(/\.ts$/, false, !production),
        swcRule(/\.tsx$/, true, !production),
        { test: /\.(png|jpe?g|gif|svg)$/, type: 'asset/resource', generator: { filename: 'img/[hash][ext]' } },
      ],
    },
    plugins: [
      new webpack.DefinePlugin({ CONDUIT_PLUGIN_PUBLIC_PATH: JSON.stringify(publicPath) }),
      new CopyWebpackPlugin({
        patterns: [
          {
            from: path.join(srcDir, 'plugin.json'),
            to: 'plugin.json',
            transform: (content: Buffer) => stampPlaceholders(content, context),
          },
          { from: path.join(pluginDir, 'README.md'), to: 'README.md' },
          { from: path.join(srcDir, 'img'), to: 'img' },
          // Grafana's plugin validator wants both in every plugin; the suite keeps one of each at the root.
          { from: path.join(root, 'LICENSE'), to: 'LICENSE', toType: 'file' },
          { from: path.join(root, 'CHANGELOG.md'), to: 'CHANGELOG.md', toType: 'file' },
        ],
      }),
    ],
    optimization: { minimize: production },
    performance: { hints: production ? 'warning' : false, maxAssetSize: 1_000_000, maxEntrypointSize: 1_000_000 },
    cache: {
      type: 'filesystem',
      name: `${meta.id}-${mode}`,
      buildDependencies: { config: [path.join(root, '.config/webpack.config.ts'), __dirname + path.sep] },
    },
    stats: 'errors-warnings',
  };
}
