import {
  type DataFrame,
  type DataFrameDTO,
  getDefaultTimeRange,
  type FieldConfigSource,
  toDataFrame,
} from '@grafana/data';
import { locationSearchToObject } from '@grafana/runtime';
import { useMemo } from 'react';
import { useLocation, useParams } from 'react-router-dom-v5-compat';

import { LoadError } from '../LoadError';
import { PanelView } from '../PanelView';

/** What a test hands the single-panel page: frames (DataFrameDTO), options, field config and size. */
export interface PanelPageInput {
  frames?: DataFrameDTO[];
  options?: Record<string, unknown>;
  fieldConfig?: FieldConfigSource;
  width?: number;
  height?: number;
  title?: string;
}

declare global {
  interface Window {
    /** Set by a test (Playwright's addInitScript) before the page loads; wins over the `input` URL parameter. */
    __conduitPanelInput?: PanelPageInput;
  }
}

function readInput(search: string): PanelPageInput | string {
  if (window.__conduitPanelInput) {
    return window.__conduitPanelInput;
  }
  const raw = locationSearchToObject(search).input;
  if (typeof raw !== 'string') {
    return {};
  }
  try {
    return JSON.parse(raw) as PanelPageInput;
  } catch (error) {
    return `the "input" URL parameter is not JSON: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/** /panel/:id: one panel plugin with the given frames, for panel tests. */
export function PanelPage() {
  const { id = '' } = useParams();
  const location = useLocation();
  const input = useMemo(() => readInput(location.search), [location.search]);
  const frames: DataFrame[] = useMemo(
    () => (typeof input === 'string' ? [] : (input.frames ?? []).map((frame) => toDataFrame(frame))),
    [input]
  );
  const timeRange = useMemo(() => getDefaultTimeRange(), []);
  if (typeof input === 'string') {
    return <LoadError title="Bad panel input" message={input} />;
  }
  const panel = { id: 1, type: id, title: input.title ?? id, options: input.options, fieldConfig: input.fieldConfig };
  return (
    <div style={{ padding: 16 }}>
      <PanelView
        panel={panel}
        width={input.width ?? 800}
        height={input.height ?? 450}
        frames={frames}
        context={{ timeRange, timeZone: 'browser' }}
      />
    </div>
  );
}
