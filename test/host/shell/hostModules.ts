import { dateMath } from '@grafana/data';
import { config, getAppEvents, getBackendSrv } from '@grafana/runtime';

import { standInModule } from './standInModule';

// What Grafana shares under its internal `app/core/...` names that public packages also provide: the same
// objects (runtime's config, the appEvents bus, the backend service, @grafana/data's dateMath), in the shapes
// sharedDependencies.ts gives them. The rest of those names are stand-ins (see test/host/sharedModules.ts).

export function coreConfig(): object {
  return { default: config, __useDefault: true };
}

export function coreAppEvents(): object {
  return { default: getAppEvents(), __useDefault: true };
}

export function coreDateMath(): object {
  return dateMath;
}

export function coreBackendSrv(): object {
  const standIn = standInModule('app/core/services/backend_srv', "Grafana's own BackendSrv class");
  return {
    getBackendSrv,
    get BackendSrv(): unknown {
      return (standIn as Record<string, unknown>).BackendSrv;
    },
  };
}

export function coreCore(): object {
  const contextSrv = standInModule('app/core/core (contextSrv)', "Grafana's own session service");
  return { appEvents: getAppEvents(), contextSrv };
}
