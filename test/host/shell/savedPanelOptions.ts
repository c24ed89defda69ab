import { useCallback, useState } from 'react';

type Options = Record<string, unknown>;

const PREFIX = 'conduit-host:panel-options:';

function storageKey(panelId: number | undefined): string {
  return `${PREFIX}${window.location.pathname}#${panelId ?? 0}`;
}

function read(key: string): Options | undefined {
  try {
    const raw = window.sessionStorage.getItem(key);
    const parsed: unknown = raw === null ? undefined : JSON.parse(raw);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Options) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A panel's options as changed by the panel itself (`onOptionsChange`, e.g. a pinned position), kept for the
 * page's session so they survive a reload. Grafana keeps such changes in the dashboard model and they last once
 * the dashboard is saved; the host has no save, so it stands for a dashboard saved after each change.
 */
export function useSavedPanelOptions(panelId: number | undefined): [Options | undefined, (options: Options) => void] {
  const key = storageKey(panelId);
  const [options, setOptions] = useState<Options | undefined>(() => read(key));
  const save = useCallback(
    (next: Options) => {
      setOptions(next);
      try {
        window.sessionStorage.setItem(key, JSON.stringify(next));
      } catch {
        // A full or disabled storage keeps the change for this page only, as an unsaved dashboard does.
      }
    },
    [key]
  );
  return [options, save];
}
