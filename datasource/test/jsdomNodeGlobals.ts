/**
 * What @grafana/ui and @grafana/runtime touch at import time and jsdom lacks, for integration tests that run the
 * datasource under jsdom without the plugin project's setup file, and the Node timers the simulator uses. Import it
 * first.
 */
import { clearImmediate, setImmediate } from 'node:timers';
import { TextDecoder, TextEncoder } from 'node:util';

function matchMedia(query: string): MediaQueryList {
  const list: Pick<
    MediaQueryList,
    | 'matches'
    | 'media'
    | 'onchange'
    | 'addListener'
    | 'removeListener'
    | 'addEventListener'
    | 'removeEventListener'
    | 'dispatchEvent'
  > = {
    matches: false,
    media: query,
    onchange: null,
    addListener: () => undefined,
    removeListener: () => undefined,
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
    dispatchEvent: () => false,
  };
  return list as MediaQueryList;
}

Object.assign(globalThis, {
  TextEncoder: globalThis.TextEncoder ?? TextEncoder,
  TextDecoder: globalThis.TextDecoder ?? TextDecoder,
  matchMedia: globalThis.matchMedia ?? matchMedia,
  // The simulator's writer yields to the sockets between batches.
  setImmediate: globalThis.setImmediate ?? setImmediate,
  clearImmediate: globalThis.clearImmediate ?? clearImmediate,
});
