/**
 * A module Grafana shares that no npm package provides (Grafana's own `app/core/...` code, Kusto for Monaco).
 * Loading a plugin that imports it works, as in Grafana; using anything from it throws an error that names the
 * module and the export, so a plugin relying on Grafana internals fails loudly in the host instead of quietly.
 */
export function standInModule(name: string, reason: string): object {
  // Probes made by module loaders and bundler interop, which must not count as a use.
  const inert = new Set(['__esModule', '__useDefault', 'then', 'toJSON', '$$typeof']);
  const module: object = new Proxy(
    {},
    {
      get(_target, property) {
        if (property === Symbol.toStringTag) {
          return 'Module';
        }
        if (typeof property === 'symbol' || inert.has(property)) {
          return undefined;
        }
        if (property === 'default') {
          return module;
        }
        throw new Error(
          `"${property}" of the shared module "${name}" was used, but the Conduit test host only stands in for ` +
            `that module: it is ${reason}. A plugin that needs it cannot be tested in this host.`
        );
      },
    }
  );
  return module;
}
