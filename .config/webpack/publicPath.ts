/**
 * Runs first in every plugin bundle. Grafana loads module.js through SystemJS, which hands an AMD module
 * its own `module` record; its uri tells where module.js was served from, so lazy chunks load from beside
 * it, also when Grafana runs under a sub-path. Without a loader record, fall back to Grafana's
 * conventional `public/plugins/<id>/`.
 */
import amdModule from 'amd-module';

declare let __webpack_public_path__: string;
declare const CONDUIT_PLUGIN_PUBLIC_PATH: string;

const uri = amdModule?.uri;
__webpack_public_path__ = uri ? uri.slice(0, uri.lastIndexOf('/') + 1) : CONDUIT_PLUGIN_PUBLIC_PATH;
