/**
 * The modules a plugin leaves to Grafana: a subset of what Grafana's plugin loader shares
 * (public/app/features/plugins/loader/sharedDependencies.ts), as create-plugin externalises them.
 *
 * Everything else is bundled. Three cases need care:
 * - `react-router-dom` is NOT here: Grafana 12/13 share it as v5, while `react-router` is shared as the v6
 *   API (react-router-dom-v5-compat). Plugins bundle react-router-dom v6, which imports the shared
 *   `react-router`, so routes and Grafana's router share one context.
 * - `@grafana/schema` is not shared, so it is bundled (it is mostly types; the rest is small enums).
 * - React itself is never bundled: one bundle has to run on Grafana 12 (React 18) and 13 (React 19), so
 *   JSX must go through the shared `react/jsx-runtime`.
 */
export const SHARED_EXTERNALS: readonly string[] = [
  '@emotion/css',
  '@emotion/react',
  '@grafana/data',
  '@grafana/data/unstable',
  '@grafana/runtime',
  '@grafana/runtime/unstable',
  '@grafana/slate-react',
  '@grafana/ui',
  '@grafana/ui/unstable',
  'd3',
  'emotion',
  'i18next',
  'jquery',
  'lodash',
  'moment',
  'prismjs',
  'react',
  'react-dom',
  'react-inlinesvg',
  'react-redux',
  'react-router',
  'react/jsx-dev-runtime',
  'react/jsx-runtime',
  'redux',
  'rxjs',
  'rxjs/operators',
  'slate',
  'slate-plain-serializer',
];

/**
 * Sub-paths of these packages are not shared: bundling one would put a second React or a second copy of
 * Grafana's runtime state into the plugin, which fails only in the browser. The build refuses them instead.
 */
const UNSHARED_SUBPATH = /^(react|react-dom|@grafana\/(data|ui|runtime))\/.+/;

/** Why a request must not be bundled, or undefined when it may be. */
export function refusedSubpath(request: string): string | undefined {
  if (!UNSHARED_SUBPATH.test(request) || SHARED_EXTERNALS.includes(request)) {
    return undefined;
  }
  return `'${request}' is not one of the modules Grafana shares with plugins, and bundling it would duplicate React or Grafana state; import from the package root instead`;
}
