import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { namesOfSharedDependencies } from '../grafana-reference/grafanaSources';

/**
 * How the host provides each module that Grafana's plugin loader shares with plugins
 * (public/app/features/plugins/loader/sharedDependencies.ts in grafana/grafana). The list of names itself is
 * not written here: it is read from `test/grafana-reference/shared-dependencies.txt`, so the host provides exactly
 * the names Grafana provides, no more and no fewer, and a name without a provider below fails the build.
 */
export type SharedModuleProvider =
  /** The package's module namespace, as Grafana's `() => import('<package>')` gives it. */
  | { kind: 'namespace'; from: string }
  /** The namespace with `__useDefault: true`, so an AMD plugin receives the default export (lodash, moment). */
  | { kind: 'useDefault'; from: string }
  /** `@grafana/ui` with the plugin base classes Grafana also exports from it since 6.5 (from `@grafana/data`). */
  | { kind: 'grafanaUi' }
  /** A value the host builds from public APIs, the same object Grafana shares under this name. */
  | { kind: 'host'; expression: HostExpression }
  /** Grafana's own frontend code that no npm package carries: a module that throws when a plugin uses it. */
  | { kind: 'standIn'; reason: string };

/** Values of the host shell that stand for Grafana core objects (see shell/hostModules.ts). */
export type HostExpression = 'coreConfig' | 'coreAppEvents' | 'coreDateMath' | 'coreBackendSrv' | 'coreCore';

const GRAFANA_CORE = "Grafana's own frontend code, which is not published as a package";

export const SHARED_MODULE_PROVIDERS: Readonly<Record<string, SharedModuleProvider>> = {
  '@emotion/css': { kind: 'namespace', from: '@emotion/css' },
  '@emotion/react': { kind: 'namespace', from: '@emotion/react' },
  '@grafana/data': { kind: 'namespace', from: '@grafana/data' },
  '@grafana/data/unstable': { kind: 'namespace', from: '@grafana/data/unstable' },
  '@grafana/runtime': { kind: 'namespace', from: '@grafana/runtime' },
  '@grafana/runtime/unstable': { kind: 'namespace', from: '@grafana/runtime/unstable' },
  // Grafana maps the old fork's name to slate-react itself.
  '@grafana/slate-react': { kind: 'namespace', from: 'slate-react' },
  '@grafana/ui': { kind: 'grafanaUi' },
  '@grafana/ui/unstable': { kind: 'namespace', from: '@grafana/ui/unstable' },
  '@kusto/monaco-kusto': {
    kind: 'standIn',
    reason: 'the Kusto language for Monaco, which Grafana bundles for its Azure Data Explorer support',
  },
  'app/core/app_events': { kind: 'host', expression: 'coreAppEvents' },
  'app/core/config': { kind: 'host', expression: 'coreConfig' },
  'app/core/core': { kind: 'host', expression: 'coreCore' },
  'app/core/services/backend_srv': { kind: 'host', expression: 'coreBackendSrv' },
  'app/core/table_model': { kind: 'standIn', reason: GRAFANA_CORE },
  'app/core/time_series': { kind: 'standIn', reason: GRAFANA_CORE },
  'app/core/time_series2': { kind: 'standIn', reason: GRAFANA_CORE },
  'app/core/utils/datemath': { kind: 'host', expression: 'coreDateMath' },
  'app/core/utils/flatten': { kind: 'standIn', reason: GRAFANA_CORE },
  'app/core/utils/kbn': { kind: 'standIn', reason: GRAFANA_CORE },
  'app/core/utils/ticks': { kind: 'standIn', reason: GRAFANA_CORE },
  'app/features/dashboard/impression_store': { kind: 'standIn', reason: GRAFANA_CORE },
  d3: { kind: 'namespace', from: 'd3' },
  emotion: { kind: 'namespace', from: '@emotion/css' },
  i18next: { kind: 'useDefault', from: 'i18next' },
  jquery: { kind: 'useDefault', from: 'jquery' },
  lodash: { kind: 'useDefault', from: 'lodash' },
  moment: { kind: 'useDefault', from: 'moment' },
  prismjs: { kind: 'namespace', from: 'prismjs' },
  react: { kind: 'namespace', from: 'react' },
  'react-dom': { kind: 'namespace', from: 'react-dom' },
  'react-inlinesvg': { kind: 'namespace', from: 'react-inlinesvg' },
  'react-redux': { kind: 'namespace', from: 'react-redux' },
  // Grafana shares react-router-dom v5 for old plugins and, as `react-router`, the v6 API of
  // react-router-dom-v5-compat, which plugins that bundle react-router-dom v6 resolve their router from.
  'react-router-dom': { kind: 'namespace', from: 'react-router-dom' },
  'react-router': { kind: 'namespace', from: 'react-router-dom-v5-compat' },
  redux: { kind: 'namespace', from: 'redux' },
  rxjs: { kind: 'namespace', from: 'rxjs' },
  'rxjs/operators': { kind: 'namespace', from: 'rxjs/operators' },
  slate: { kind: 'namespace', from: 'slate' },
  'slate-plain-serializer': { kind: 'namespace', from: 'slate-plain-serializer' },
  'slate-react': { kind: 'namespace', from: 'slate-react' },
  'react/jsx-runtime': { kind: 'namespace', from: 'react/jsx-runtime' },
  'react/jsx-dev-runtime': { kind: 'namespace', from: 'react/jsx-dev-runtime' },
};

/** Where the list of shared module names lives, relative to the repository root. */
export const SHARED_DEPENDENCIES_FILE = 'test/grafana-reference/shared-dependencies.txt';

/**
 * The module names Grafana shares with plugins, one per line in the reference file (`#` starts a comment).
 * Throws with the path it looked at when the file is missing: the host must never guess the list.
 */
export function readSharedDependencies(repoRoot: string): string[] {
  const file = join(repoRoot, SHARED_DEPENDENCIES_FILE);
  if (!existsSync(file)) {
    throw new Error(
      `${file} is missing: the test host provides exactly the modules listed there (Grafana's shared dependencies); ` +
        'restore it from git or with test/grafana-reference/refresh.ts'
    );
  }
  return namesOfSharedDependencies(readFileSync(file, 'utf8'));
}

/** The provider of every listed name, or an error naming those without one. */
export function providersFor(names: readonly string[]): Array<[string, SharedModuleProvider]> {
  const missing = names.filter((name) => !(name in SHARED_MODULE_PROVIDERS));
  if (missing.length > 0) {
    throw new Error(
      `no provider for shared module(s) ${missing.join(', ')}: add each to SHARED_MODULE_PROVIDERS in test/host/sharedModules.ts`
    );
  }
  return names.map((name) => [name, SHARED_MODULE_PROVIDERS[name]]);
}
