import {
  type AbsoluteTimeRange,
  applyFieldOverrides,
  type DataFrame,
  type DataTransformerConfig,
  EventBusSrv,
  type FieldConfigSource,
  type InterpolateFunction,
  LoadingState,
  type PanelData,
  type PanelPlugin,
  PluginContextProvider,
  transformDataFrame,
} from '@grafana/data';
import { config, getTemplateSrv, locationService } from '@grafana/runtime';
import { PanelChrome, useTheme2 } from '@grafana/ui';
import { isArray, mergeWith } from 'lodash';
import { useEffect, useMemo, useRef, useState } from 'react';
import { lastValueFrom, of } from 'rxjs';

import { reportHostError } from './hostErrors';
import { HostErrorBoundary } from './HostErrorBoundary';
import { LoadError } from './LoadError';
import { type PanelQueries, type QueryContext, runPanelQueries } from './panelQueries';
import { importPanelPlugin } from './pluginLoader';
import { useSavedPanelOptions } from './savedPanelOptions';

/** A panel as the dashboard JSON stores it. */
export interface DashboardPanel extends PanelQueries {
  gridPos?: { x: number; y: number; w: number; h: number };
  description?: string;
  transparent?: boolean;
  pluginVersion?: string;
  options?: Record<string, unknown>;
  fieldConfig?: FieldConfigSource;
  transformations?: DataTransformerConfig[];
  panels?: DashboardPanel[];
}

interface Props {
  panel: DashboardPanel;
  width: number;
  height: number;
  context: Omit<QueryContext, 'width'>;
  /** Frames to show instead of running the panel's queries (the single-panel test page). */
  frames?: DataFrame[];
}

// Grafana merges saved options over the plugin's defaults, arrays replaced rather than merged
// (public/app/features/dashboard/state/getPanelOptionsWithDefaults.ts).
function withDefaults<T extends object>(defaults: T | undefined, saved: T | undefined): T {
  return mergeWith({}, defaults ?? {}, saved ?? {}, (_target: unknown, source: unknown) =>
    isArray(source) ? source : undefined
  ) as T;
}

function usePanelPlugin(type: string): { plugin?: PanelPlugin; error?: string; known: boolean } {
  const meta = config.panels[type];
  const [state, setState] = useState<{ plugin?: PanelPlugin; error?: string }>({});
  useEffect(() => {
    if (!meta) {
      return;
    }
    let active = true;
    importPanelPlugin(meta).then(
      (plugin) => active && setState({ plugin }),
      (error: unknown) => active && setState({ error: reportHostError(`Panel plugin ${type} failed to load`, error) })
    );
    return () => {
      active = false;
    };
  }, [meta, type]);
  return { ...state, known: Boolean(meta) };
}

/**
 * The panel's data: the given frames, nothing for a panel type that runs no queries (plugin.json
 * `skipDataQuery`, e.g. text), else the results of its queries.
 */
function usePanelData(
  panel: DashboardPanel,
  context: QueryContext,
  frames: DataFrame[] | undefined,
  skipQueries: boolean
): PanelData {
  const [data, setData] = useState<PanelData>({
    state: LoadingState.NotStarted,
    series: [],
    timeRange: context.timeRange,
  });
  const { timeRange, timeZone, width, dashboardUID, scopedVars } = context;
  // Width changes by a few pixels must not re-run queries: Grafana re-queries on range and panel changes.
  const widthRef = useRef(width);
  useEffect(() => {
    widthRef.current = width;
  }, [width]);
  const fixed: PanelData | undefined = useMemo(
    () => (frames || skipQueries ? { state: LoadingState.Done, series: frames ?? [], timeRange } : undefined),
    [frames, skipQueries, timeRange]
  );
  useEffect(() => {
    if (frames || skipQueries) {
      return;
    }
    const subscription = runPanelQueries(panel, {
      timeRange,
      timeZone,
      width: widthRef.current,
      dashboardUID,
      scopedVars,
    }).subscribe({
      // While a new run loads, the last frames stay on screen, as Grafana's panels keep theirs.
      next: (next) =>
        setData((previous) =>
          next.state === LoadingState.Loading && next.series.length === 0 ? { ...previous, state: next.state } : next
        ),
      error: (error: unknown) => {
        const message = reportHostError(`Queries of panel "${panel.title ?? panel.id}" failed`, error);
        setData({ state: LoadingState.Error, series: [], timeRange, errors: [{ message }], error: { message } });
      },
    });
    return () => subscription.unsubscribe();
  }, [panel, frames, skipQueries, timeRange, timeZone, dashboardUID, scopedVars]);
  if (fixed) {
    return fixed;
  }
  return data;
}

/**
 * One panel with Grafana's chrome: the plugin loaded through SystemJS (or, for Grafana's core panels, the
 * host's own, see corePanels/), data after transformations and field overrides.
 */
export function PanelView({ panel, width, height, context, frames }: Props) {
  const { plugin, error, known } = usePanelPlugin(panel.type);
  const raw = usePanelData(panel, { ...context, width }, frames, config.panels[panel.type]?.skipDataQuery === true);
  const theme = useTheme2();
  const [options, setOptions] = useSavedPanelOptions(panel.id);
  const [fieldConfigChange, setFieldConfigChange] = useState<FieldConfigSource | undefined>(undefined);
  const eventBus = useMemo(() => new EventBusSrv(), []);
  const [series, setSeries] = useState<DataFrame[]>([]);
  const [renderCounter, setRenderCounter] = useState(0);

  const replaceVariables: InterpolateFunction = useMemo(
    () => (value, extra, format) => getTemplateSrv().replace(value, { ...context.scopedVars, ...extra }, format),
    [context.scopedVars]
  );

  const fieldConfig: FieldConfigSource = useMemo(
    () =>
      fieldConfigChange ?? {
        defaults: withDefaults(plugin?.fieldConfigDefaults.defaults, panel.fieldConfig?.defaults),
        overrides: panel.fieldConfig?.overrides ?? [],
      },
    [plugin, panel.fieldConfig, fieldConfigChange]
  );

  // Grafana's PanelQueryRunner.getData: transformations, then applyFieldOverrides with the plugin's registry.
  useEffect(() => {
    if (!plugin) {
      return;
    }
    let active = true;
    const transformed = panel.transformations?.length
      ? lastValueFrom(transformDataFrame(panel.transformations, raw.series))
      : lastValueFrom(of(raw.series));
    transformed
      .then((frames) => {
        if (active) {
          setSeries(
            applyFieldOverrides({
              data: frames,
              fieldConfig,
              fieldConfigRegistry: plugin.fieldConfigRegistry,
              replaceVariables,
              theme,
              timeZone: context.timeZone,
            })
          );
          setRenderCounter((count) => count + 1);
        }
      })
      .catch((failure: unknown) =>
        reportHostError(`Transformations of panel "${panel.title ?? panel.id}" failed`, failure)
      );
    return () => {
      active = false;
    };
  }, [
    plugin,
    raw.series,
    panel.transformations,
    panel.title,
    panel.id,
    fieldConfig,
    replaceVariables,
    theme,
    context.timeZone,
  ]);

  const title = panel.title ?? '';
  // Grafana shows the title with the dashboard's variables replaced (PanelModel.getDisplayTitle).
  const shownTitle = replaceVariables(title, undefined, 'text');
  if (!known) {
    return <PlaceholderPanel panel={panel} width={width} height={height} data={raw} />;
  }
  const errorMessage = raw.errors?.map((failure) => failure.message).join('; ');
  const Panel = plugin?.panel;
  const panelOptions = plugin && (options ?? withDefaults(plugin.defaults as Record<string, unknown>, panel.options));
  return (
    <div
      data-testid="host-panel"
      data-panel-id={panel.id}
      data-panel-type={panel.type}
      data-panel-title={title}
      data-state={error ? 'PluginError' : raw.state}
      data-annotations={context.annotations?.reduce((sum, frame) => sum + frame.length, 0) ?? 0}
    >
      <PanelChrome
        width={width}
        height={height}
        title={shownTitle}
        description={panel.description}
        loadingState={error ? undefined : plugin ? raw.state : LoadingState.Loading}
        statusMessage={errorMessage}
        displayMode={panel.transparent ? 'transparent' : 'default'}
      >
        {(innerWidth, innerHeight) =>
          error ? (
            <LoadError title={`Panel plugin ${panel.type} failed to load`} message={error} />
          ) : plugin && Panel && panelOptions ? (
            <HostErrorBoundary context={`Panel "${title}" (${panel.type})`}>
              <PluginContextProvider meta={plugin.meta}>
                <Panel
                  id={panel.id}
                  data={{ ...raw, series, annotations: context.annotations }}
                  timeRange={raw.timeRange}
                  timeZone={context.timeZone}
                  options={panelOptions}
                  fieldConfig={fieldConfig}
                  transparent={Boolean(panel.transparent)}
                  width={innerWidth}
                  height={innerHeight}
                  renderCounter={renderCounter}
                  title={shownTitle}
                  eventBus={eventBus}
                  onOptionsChange={setOptions}
                  onFieldConfigChange={setFieldConfigChange}
                  replaceVariables={replaceVariables}
                  onChangeTimeRange={(range: AbsoluteTimeRange) =>
                    locationService.partial({ from: range.from, to: range.to })
                  }
                />
              </PluginContextProvider>
            </HostErrorBoundary>
          ) : null
        }
      </PanelChrome>
    </div>
  );
}

/** A panel type the host does not draw (a core panel not in corePanels/): its title, type and query results. */
function PlaceholderPanel({
  panel,
  width,
  height,
  data,
}: {
  panel: DashboardPanel;
  width: number;
  height: number;
  data: PanelData;
}) {
  const rows = data.series.reduce((sum, frame) => sum + frame.length, 0);
  const errors = data.errors?.map((failure) => failure.message).join('; ');
  return (
    <div
      data-testid="host-placeholder-panel"
      data-panel-id={panel.id}
      data-panel-type={panel.type}
      data-panel-title={panel.title ?? ''}
      data-state={data.state}
      data-rows={rows}
    >
      <PanelChrome
        width={width}
        height={height}
        title={panel.title ?? ''}
        loadingState={data.state}
        statusMessage={errors}
      >
        {() => (
          <div style={{ padding: 8 }}>
            <p>
              Grafana core panel <code>{panel.type}</code>: not part of the test host.
            </p>
            <p>
              Its queries returned {data.series.length} frame{data.series.length === 1 ? '' : 's'} and {rows} row
              {rows === 1 ? '' : 's'}.
            </p>
          </div>
        )}
      </PanelChrome>
    </div>
  );
}
