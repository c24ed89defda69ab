import { version as reactVersion } from 'react';
import { createRoot } from 'react-dom/client';

import { HostApp } from './HostApp';
import { hostPageConfig } from './hostPageConfig';
import { interceptLinkClicks } from './linkInterception';
import { startRuntimeServices } from './runtimeServices';
import { registerSharedModules } from './sharedModuleRegistry';

declare global {
  interface Window {
    /** What the page registered, for tests: the shared module names and the React version. */
    __conduitHostStarted?: { sharedModules: string[]; omitted: string[]; react: string };
  }
}

/**
 * Starts the host page: Grafana's runtime services first (the shared namespaces read through to them), then
 * the shared modules in SystemJS, link interception, and the page itself.
 */
export function startHost(providers: ReadonlyMap<string, () => object>): void {
  performance.mark('conduit-modules-evaluated');
  window.__conduitHostErrors = [];
  startRuntimeServices();
  const { registered, omitted } = registerSharedModules(providers, hostPageConfig().omitSharedModules);
  window.__conduitHostStarted = { sharedModules: registered, omitted, react: reactVersion };
  document.addEventListener('click', interceptLinkClicks);
  const container = document.getElementById('reactRoot');
  if (!container) {
    throw new Error('the host page has no #reactRoot element');
  }
  createRoot(container).render(<HostApp react={reactVersion} />);
}
