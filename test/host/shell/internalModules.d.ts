// Setters Grafana core calls at start-up that the packages do not export from their entry points. The host's
// build resolves these names to the packages' own dist/esm/components modules, the same module instances the
// package entry points re-export (see test/host/build-shared.ts).
declare module 'conduit-host-internal:plugin-page' {
  import type { PluginPageType } from '@grafana/runtime';
  export function setPluginPage(component: PluginPageType): void;
}

declare module 'conduit-host-internal:panel-data-error-view' {
  import type { PanelDataErrorViewProps } from '@grafana/runtime';
  import type { ComponentType } from 'react';
  export function setPanelDataErrorView(renderer: ComponentType<PanelDataErrorViewProps>): void;
}

declare module 'conduit-host-internal:panel-renderer' {
  import type { PanelRendererProps } from '@grafana/runtime';
  import type { ComponentType } from 'react';
  export function setPanelRenderer(renderer: ComponentType<PanelRendererProps>): void;
}

// react-router-dom v5, which Grafana shares and renders its router with; its types are not installed here.
declare module 'react-router-dom' {
  import type { ComponentType, ReactNode } from 'react';
  export const Router: ComponentType<{ history: unknown; children?: ReactNode }>;
}
