import { css } from '@emotion/css';
import type { DataFrame, GrafanaTheme2, RawTimeRange, ScopedVars, TimeRange } from '@grafana/data';
import { getBackendSrv, locationSearchToObject } from '@grafana/runtime';
import { Alert, Button, Icon, useStyles2 } from '@grafana/ui';
import { useCallback, useEffect, useLayoutEffect, useMemo, useState } from 'react';
import { useLocation, useParams } from 'react-router-dom-v5-compat';

import { type AnnotationQuery, dashboardAnnotations } from '../dashboardAnnotations';
import { reportHostError } from '../hostErrors';
import { type DashboardPanel, PanelView } from '../PanelView';
import { hostServices } from '../runtimeServices';
import type { DashboardVariable } from '../templateSrv';
import { dashboardTimeRange } from '../timeRange';

interface DashboardJson {
  uid: string;
  title: string;
  annotations?: { list?: AnnotationQuery[] };
  time?: RawTimeRange;
  timezone?: string;
  panels?: DashboardPanel[];
  templating?: { list?: DashboardVariable[] };
}

// Grafana's grid (public/app/core/constants.ts): 24 columns, 30 px rows, 8 px margins.
const COLUMNS = 24;
const ROW_HEIGHT = 30;
const MARGIN = 8;
const PADDING = 16;

/**
 * The grid's measured width, 0 until measured: like Grafana's grid (an AutoSizer around react-grid-layout),
 * panels are laid out only once the width is known, so none ever gets a size computed from nothing.
 */
function useMeasuredWidth(): [(element: HTMLDivElement | null) => void, number] {
  const [width, setWidth] = useState(0);
  const observer = useMemo(
    () => new ResizeObserver((entries) => setWidth(Math.floor(entries[0]?.contentRect.width ?? 0))),
    []
  );
  useEffect(() => () => observer.disconnect(), [observer]);
  const ref = useCallback(
    (element: HTMLDivElement | null) => {
      observer.disconnect();
      if (element) {
        observer.observe(element);
      }
    },
    [observer]
  );
  return [ref, width];
}

/** Panels to draw: rows as headers, the panels of collapsed rows left out as Grafana does. */
function visiblePanels(panels: DashboardPanel[]): DashboardPanel[] {
  return panels.filter((panel) => panel.gridPos);
}

/** A provisioned dashboard at /d/:uid, every panel at its grid position. */
export function DashboardPage() {
  const { uid = '' } = useParams();
  const location = useLocation();
  const [dashboard, setDashboard] = useState<DashboardJson>();
  const [error, setError] = useState<string>();
  const styles = useStyles2(getStyles);
  const [measure, gridWidth] = useMeasuredWidth();

  useEffect(() => {
    getBackendSrv()
      .get<{ dashboard: DashboardJson }>(`/api/dashboards/uid/${encodeURIComponent(uid)}`)
      .then(
        (answer) => setDashboard(answer.dashboard),
        (failure: unknown) => setError(reportHostError(`Dashboard ${uid} could not be read`, failure))
      );
  }, [uid]);

  const query = useMemo(() => locationSearchToObject(location.search), [location.search]);
  const timeZone = dashboard?.timezone || 'browser';
  // Refresh takes relative ranges such as now-6h from a new now, which re-runs every panel's queries.
  const [now, setNow] = useState(() => Date.now());
  const timeRange: TimeRange | undefined = useMemo(
    () => (dashboard ? dashboardTimeRange(dashboard.time, query, timeZone, now) : undefined),
    [dashboard, query, timeZone, now]
  );
  // Layout effects run before the panels' effects: the template service knows variables and range first.
  useLayoutEffect(() => {
    if (dashboard && timeRange) {
      hostServices().templateSrv.setDashboardVariables(dashboard.templating?.list ?? [], query);
      hostServices().templateSrv.updateTimeRange(timeRange);
      document.title = `${dashboard.title} - Dashboards - Grafana`;
    }
  }, [dashboard, query, timeRange]);
  const scopedVars: ScopedVars = useMemo(() => ({}), []);
  // Grafana's dashboard query runner: annotations of the range, handed to every panel with its data.
  const [annotations, setAnnotations] = useState<DataFrame[]>();
  useEffect(() => {
    if (!dashboard || !timeRange) {
      return;
    }
    let active = true;
    dashboardAnnotations(dashboard.annotations?.list ?? [], dashboard.uid, timeRange).then(
      (frames) => active && setAnnotations(frames),
      (failure: unknown) => reportHostError(`Annotations of dashboard ${dashboard.uid} could not be read`, failure)
    );
    return () => {
      active = false;
    };
  }, [dashboard, timeRange]);

  if (error) {
    return (
      <Alert severity="error" title="Dashboard not found">
        {error}
      </Alert>
    );
  }
  if (!dashboard || !timeRange) {
    return null;
  }

  const columnWidth = (gridWidth - (COLUMNS - 1) * MARGIN) / COLUMNS;
  const panels = visiblePanels(dashboard.panels ?? []);
  const bottom = Math.max(0, ...panels.map((panel) => (panel.gridPos?.y ?? 0) + (panel.gridPos?.h ?? 0)));

  return (
    <div className={styles.page} data-testid="host-dashboard" data-dashboard-uid={dashboard.uid}>
      <div className={styles.header}>
        <h1 className={styles.title}>{dashboard.title}</h1>
        <span className={styles.range} data-testid="host-time-range">
          <Icon name="clock-nine" /> {String(timeRange.raw.from)} to {String(timeRange.raw.to)}
        </span>
        <Button size="sm" variant="secondary" icon="sync" onClick={() => setNow(Date.now())}>
          Refresh
        </Button>
      </div>
      <div ref={measure} className={styles.grid} style={{ height: bottom * (ROW_HEIGHT + MARGIN) }}>
        {gridWidth > 0 &&
          panels.map((panel) => {
            const grid = panel.gridPos ?? { x: 0, y: 0, w: 12, h: 8 };
            const left = grid.x * (columnWidth + MARGIN);
            const top = grid.y * (ROW_HEIGHT + MARGIN);
            const width = grid.w * columnWidth + (grid.w - 1) * MARGIN;
            const height = grid.h * ROW_HEIGHT + (grid.h - 1) * MARGIN;
            return (
              <div key={panel.id} className={styles.cell} style={{ left, top, width, height }}>
                {panel.type === 'row' ? (
                  <div className={styles.row}>{panel.title}</div>
                ) : (
                  <PanelView
                    panel={panel}
                    width={width}
                    height={height}
                    context={{ timeRange, timeZone, dashboardUID: dashboard.uid, scopedVars, annotations }}
                  />
                )}
              </div>
            );
          })}
      </div>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  page: css({ padding: PADDING }),
  header: css({ display: 'flex', alignItems: 'center', gap: theme.spacing(2), marginBottom: theme.spacing(2) }),
  title: css({ margin: 0, fontSize: theme.typography.h3.fontSize, flexGrow: 1 }),
  range: css({ color: theme.colors.text.secondary }),
  grid: css({ position: 'relative' }),
  cell: css({ position: 'absolute' }),
  row: css({ fontSize: theme.typography.h5.fontSize, borderBottom: `1px solid ${theme.colors.border.weak}` }),
});
