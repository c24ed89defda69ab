import { type Playbook, parsePlaybooks, playbookCatalogue, formatProblem } from '@conduit/core';
import { usePluginContext } from '@grafana/data';
import { useMemo } from 'react';

import type { AppSettings } from '../types';

export function useAppSettings(): AppSettings {
  const context = usePluginContext<AppSettings>();
  return (context?.meta.jsonData ?? {}) as AppSettings;
}

export interface PlaybookCatalogue {
  playbooks: Playbook[];
  /** Problems of the custom playbooks' YAML; the built-in playbooks serve meanwhile. */
  problems: string[];
}

/** Built-in and custom playbooks; a broken custom file leaves the built-in ones working and says why. */
export function usePlaybooks(): PlaybookCatalogue {
  const { playbooks } = useAppSettings();
  return useMemo(() => {
    const parsed = parsePlaybooks(playbooks ?? '');
    return parsed.ok
      ? { playbooks: playbookCatalogue(parsed.playbooks), problems: [] }
      : { playbooks: playbookCatalogue([]), problems: parsed.problems.map(formatProblem) };
  }, [playbooks]);
}
