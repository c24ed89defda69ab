/**
 * What the host server writes into every page before the shared bundle runs, besides Grafana's own
 * `window.grafanaBootData`: which Grafana the page stands in for and which shared modules it leaves out.
 */
export interface HostPageConfig {
  /** `grafana12` or `grafana13`: the runtime folder the shared bundle was built from. */
  flavour: string;
  /** Shared module names the page does not register (a negative check: plugins importing one must fail). */
  omitSharedModules: string[];
}

declare global {
  interface Window {
    __conduitHost: HostPageConfig;
    __grafana_public_path__: string;
  }
}

export function hostPageConfig(): HostPageConfig {
  return window.__conduitHost ?? { flavour: 'unknown', omitSharedModules: [] };
}
