/**
 * Builds, for one flavour of Grafana's runtime, the one script a host page loads: every module Grafana shares
 * with plugins (the names in test/grafana-reference/shared-dependencies.txt, from that flavour's own node_modules)
 * and the host shell (test/host/shell), with React's development build for readable errors, or its production
 * build (`--react production`), as Grafana serves it, for measuring what users wait for.
 *
 *   npx ts-node --transpile-only test/host/build-shared.ts [--react production] [grafana12|grafana13 ...]
 */
import { build, type Plugin } from 'esbuild';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';

import {
  SHARED_DEPENDENCIES_FILE,
  type SharedModuleProvider,
  providersFor,
  readSharedDependencies,
} from './sharedModules';

/**
 * The workspace's root: the nearest folder above this module with the workspace's package.json. Found rather
 * than fixed, since `npm run bench` runs a bundle of this module from a cache folder inside the workspace.
 */
function workspaceRoot(from: string): string {
  for (let dir = from; dir !== dirname(dir); dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'conduit') {
      return dir;
    }
  }
  return resolve(from, '../..');
}

export const REPO_ROOT = workspaceRoot(__dirname);
export const FLAVOURS = ['grafana12', 'grafana13'] as const;
export type Flavour = (typeof FLAVOURS)[number];

const HOST_DIR = join(REPO_ROOT, 'test', 'host');
const SHELL_DIR = join(HOST_DIR, 'shell');

export function flavourDir(flavour: string): string {
  return join(HOST_DIR, 'flavours', flavour);
}

/**
 * React's build in the shared script: development for the tests (readable errors, extra checks), production for the
 * benchmarks, since Grafana serves React's production build and the development build's checks cost more the more
 * a page draws.
 */
export type ReactBuild = 'development' | 'production';

/** Where the built script of a flavour goes (next to its node_modules, ignored by git). */
export function sharedBundlePath(flavour: string, react: ReactBuild = 'development'): string {
  return join(flavourDir(flavour), 'dist', ...(react === 'production' ? ['production'] : []), 'shared.js');
}

export function isFlavour(name: string): name is Flavour {
  return (FLAVOURS as readonly string[]).includes(name);
}

/** Setters Grafana core uses that the packages only have in their dist/esm/components modules. */
const INTERNAL_MODULES: Record<string, string> = {
  'conduit-host-internal:plugin-page': '@grafana/runtime/dist/esm/components/PluginPage.mjs',
  'conduit-host-internal:panel-data-error-view': '@grafana/runtime/dist/esm/components/PanelDataErrorView.mjs',
  'conduit-host-internal:panel-renderer': '@grafana/runtime/dist/esm/components/PanelRenderer.mjs',
};

function providerExpression(name: string, provider: SharedModuleProvider, index: number, imports: string[]): string {
  const quoted = JSON.stringify(name);
  switch (provider.kind) {
    case 'namespace':
      imports.push(`import * as m${index} from ${JSON.stringify(provider.from)};`);
      return `[${quoted}, () => m${index}]`;
    case 'useDefault':
      imports.push(`import * as m${index} from ${JSON.stringify(provider.from)};`);
      return `[${quoted}, () => ({ ...m${index}, default: m${index}.default ?? m${index}, __useDefault: true })]`;
    case 'grafanaUi':
      return `[${quoted}, () => ({ ...grafanaUi, PanelPlugin: grafanaData.PanelPlugin, DataSourcePlugin: grafanaData.DataSourcePlugin, AppPlugin: grafanaData.AppPlugin, DataSourceApi: grafanaData.DataSourceApi })]`;
    case 'host':
      return `[${quoted}, () => hostModules.${provider.expression}()]`;
    case 'standIn':
      return `[${quoted}, () => standInModule(${quoted}, ${JSON.stringify(provider.reason)})]`;
  }
}

/** The generated entry: imports of every provider, handed to the shell's startHost in the list's order. */
export function entrySource(names: readonly string[]): string {
  const imports = [
    `import * as grafanaUi from '@grafana/ui';`,
    `import * as grafanaData from '@grafana/data';`,
    `import * as hostModules from ${JSON.stringify(join(SHELL_DIR, 'hostModules.ts'))};`,
    `import { standInModule } from ${JSON.stringify(join(SHELL_DIR, 'standInModule.ts'))};`,
    `import { startHost } from ${JSON.stringify(join(SHELL_DIR, 'startHost.tsx'))};`,
  ];
  const entries = providersFor(names).map(([name, provider], index) =>
    providerExpression(name, provider, index, imports)
  );
  return `${imports.join('\n')}\nstartHost(new Map([\n  ${entries.join(',\n  ')}\n]));\n`;
}

/**
 * Resolves every bare import of the shell and of the generated entry from the flavour's node_modules, so
 * one shell source builds against React 18 or 19 and @grafana/* 12 or 13. Imports made inside the flavour's
 * packages resolve as usual, from where they are.
 */
function flavourResolution(dir: string): Plugin {
  const modules = join(dir, 'node_modules');
  return {
    name: 'flavour-resolution',
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /^conduit-host-internal:/ }, (args) => {
        const target = INTERNAL_MODULES[args.path];
        return target
          ? { path: join(modules, target) }
          : { errors: [{ text: `unknown internal module ${args.path}` }] };
      });
      pluginBuild.onResolve({ filter: /^[^./]/ }, async (args) => {
        if (isAbsolute(args.path) || args.importer.startsWith(modules) || args.pluginData === 'flavour') {
          return undefined;
        }
        const resolved = await pluginBuild.resolve(args.path, {
          kind: args.kind,
          resolveDir: dir,
          pluginData: 'flavour',
        });
        return resolved.errors.length > 0 ? { errors: resolved.errors } : { path: resolved.path };
      });
    },
  };
}

const BABEL_INTEROP = 'babel-interop';

/**
 * Default imports of Babel-compiled CommonJS (`exports.__esModule`) from the packages' `.mjs` files, given the
 * module's `default` as Grafana's webpack build gives it. esbuild follows Node here instead: an `.mjs` file's
 * default import of CommonJS is the whole `module.exports`, so `import Scrollbars from
 * 'react-custom-scrollbars-2'` in @grafana/ui's CustomScrollbar (which Table uses) would be an object, not a
 * component. Such modules go through a small ES module that re-exports them, read the bundler way.
 */
function babelInteropForMjs(): Plugin {
  const babelCommonJs = new Map<string, boolean>();
  const isBabelCommonJs = (file: string): boolean => {
    let known = babelCommonJs.get(file);
    if (known === undefined) {
      const source = /\.c?js$/.test(file) && existsSync(file) ? readFileSync(file, 'utf8') : '';
      known = /\b__esModule\b/.test(source) && !/^\s*(import|export)\s/m.test(source);
      babelCommonJs.set(file, known);
    }
    return known;
  };
  return {
    name: BABEL_INTEROP,
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /^[^./]/ }, async (args) => {
        if (!args.importer.endsWith('.mjs') || args.pluginData === BABEL_INTEROP) {
          return undefined;
        }
        const resolved = await pluginBuild.resolve(args.path, {
          kind: args.kind,
          resolveDir: args.resolveDir,
          importer: args.importer,
          pluginData: BABEL_INTEROP,
        });
        if (resolved.errors.length > 0 || !isBabelCommonJs(resolved.path)) {
          return undefined;
        }
        return { path: resolved.path, namespace: BABEL_INTEROP };
      });
      pluginBuild.onLoad({ filter: /.*/, namespace: BABEL_INTEROP }, (args) => {
        const target = JSON.stringify(args.path);
        return {
          contents: `export * from ${target};\nexport { default } from ${target};\n`,
          resolveDir: dirname(args.path),
          loader: 'js',
        };
      });
    },
  };
}

export interface SharedBuild {
  file: string;
  bytes: number;
  ms: number;
  /** False when the script was already built from the same inputs. */
  built: boolean;
}

function filesBelow(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? filesBelow(path) : [path];
    });
}

/** A digest of everything the script is built from: the shell, this build, the list, the flavour's lock file. */
function inputDigest(flavour: string): string {
  const hash = createHash('sha256');
  const inputs = [
    ...filesBelow(SHELL_DIR),
    __filename,
    join(HOST_DIR, 'sharedModules.ts'),
    join(REPO_ROOT, SHARED_DEPENDENCIES_FILE),
    join(flavourDir(flavour), 'package-lock.json'),
  ];
  for (const file of inputs) {
    hash.update(file).update(existsSync(file) ? readFileSync(file) : 'missing');
  }
  return hash.digest('hex');
}

/** Builds the shared script of a flavour unless it is already built from the same inputs. */
export async function ensureShared(flavour: string, react: ReactBuild = 'development'): Promise<SharedBuild> {
  const file = sharedBundlePath(flavour, react);
  const stamp = `${file}.inputs`;
  const digest = inputDigest(flavour);
  if (existsSync(file) && existsSync(stamp) && readFileSync(stamp, 'utf8') === digest) {
    return { file, bytes: statSync(file).size, ms: 0, built: false };
  }
  const built = await buildShared(flavour, react);
  await writeFile(stamp, digest);
  return built;
}

/** Builds the shared script of one flavour; needs the flavour installed (test/host/install-flavours.sh). */
export async function buildShared(flavour: string, react: ReactBuild = 'development'): Promise<SharedBuild> {
  const dir = flavourDir(flavour);
  if (!existsSync(join(dir, 'node_modules', '@grafana', 'ui'))) {
    throw new Error(`${dir}/node_modules is missing: run test/host/install-flavours.sh ${flavour}`);
  }
  const names = readSharedDependencies(REPO_ROOT);
  const file = sharedBundlePath(flavour, react);
  await mkdir(dirname(file), { recursive: true });
  const started = Date.now();
  await build({
    stdin: { contents: entrySource(names), resolveDir: SHELL_DIR, sourcefile: 'shared-entry.ts', loader: 'ts' },
    bundle: true,
    outfile: file,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    jsx: 'automatic',
    // React's development build gives readable errors, e.g. React 19's "older version of React" instead of #525.
    define: {
      'process.env.NODE_ENV': JSON.stringify(react),
      // UMD libraries (lodash ...) would otherwise register themselves with SystemJS's AMD `define`.
      define: 'undefined',
      global: 'globalThis',
    },
    loader: { '.css': 'css', '.ttf': 'file', '.woff': 'file', '.woff2': 'file', '.svg': 'file', '.png': 'file' },
    assetNames: 'assets/[name]-[hash]',
    // Minified, as Grafana serves it: evaluating the bundle is most of a page load. React's messages stay.
    minify: process.env.CONDUIT_HOST_MINIFY !== '0',
    banner: { js: "performance.mark('conduit-shared-start');" },
    legalComments: 'none',
    sourcemap: false,
    logLevel: 'error',
    plugins: [babelInteropForMjs(), flavourResolution(dir)],
  });
  return { file, bytes: (await stat(file)).size, ms: Date.now() - started, built: true };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const reactFlag = args.indexOf('--react');
  const react = reactFlag < 0 ? 'development' : args[reactFlag + 1];
  if (react !== 'development' && react !== 'production') {
    throw new Error(`--react takes development or production, not ${react ?? 'nothing'}`);
  }
  const requested = reactFlag < 0 ? args : args.filter((_, i) => i !== reactFlag && i !== reactFlag + 1);
  const flavours = requested.length > 0 ? requested : [...FLAVOURS];
  for (const flavour of flavours) {
    if (!isFlavour(flavour)) {
      throw new Error(`unknown flavour ${flavour}: one of ${FLAVOURS.join(', ')}`);
    }
  }
  for (const flavour of flavours) {
    const built = await buildShared(flavour, react);
    process.stdout.write(`${flavour}: ${built.file} (${(built.bytes / 1e6).toFixed(1)} MB in ${built.ms} ms)\n`);
  }
}

// Only when started as this script: a bench bundle that imports it is not.
if (require.main === module && basename(process.argv[1] ?? '') === 'build-shared.ts') {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
