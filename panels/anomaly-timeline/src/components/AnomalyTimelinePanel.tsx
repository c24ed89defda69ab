import { assignLanes, type Severity } from '@conduit/core';
import { css } from '@emotion/css';
import {
  type DataFrame,
  dateTimeFormat,
  type Field,
  type GrafanaTheme2,
  type LinkModel,
  type PanelProps,
} from '@grafana/data';
import { PanelDataErrorView } from '@grafana/runtime';
import { Icon, Portal, useStyles2, useTheme2, VizTooltipContainer } from '@grafana/ui';
import { type KeyboardEvent, type PointerEvent, useCallback, useMemo, useRef, useState } from 'react';

import { useCanvas } from '../../../common/src/useCanvas';
import { incidentSpans } from '../data/incidentSpans';
import { LANE_FIELDS, readTimeline, type TimelineChain, type TimelineFinding } from '../data/readTimeline';
import { anomalyLayout, laneAt, timeAt, xOf } from '../render/anomalyLayout';
import { drawAnomalyTimeline, type FindingLane, laneBins } from '../render/drawAnomalyTimeline';
import { selectors } from '../selectors';
import type { AnomalyTimelineOptions } from '../types';
import { FindingDrawer } from './FindingDrawer';

/** Grafana palette names by severity; a value mapping on the `severity` field overrides them. */
const SEVERITY_COLORS: Readonly<Record<Severity, string>> = {
  info: 'blue',
  low: 'green',
  medium: 'yellow',
  high: 'orange',
  critical: 'red',
};
const HIT_SLOP_PX = 6;
const BRUSH_MIN_PX = 5;
/** Marks closer than this are one moment: zooming in would not separate them. */
const SAME_TIME_MS = 1000;

type Props = PanelProps<AnomalyTimelineOptions>;

function laneLabel(lane: Pick<FindingLane, 'key' | 'level'>, grouping: AnomalyTimelineOptions['laneBy']): string {
  if (lane.key === '') {
    return grouping === 'technique' ? 'No technique' : `No ${grouping}`;
  }
  return grouping === 'zone' && lane.level !== undefined ? `L${lane.level} ${lane.key}` : lane.key;
}

interface Active {
  lane: number;
  mark: number;
}

interface Hover {
  position: { x: number; y: number };
  title: string;
  lines: string[];
}

/**
 * Findings in swimlanes over the dashboard's range: dots, episode bars and density strips coloured by severity,
 * chains joined across lanes, incidents as bands. Hover explains, a click opens the finding's drawer (a click
 * on a strip zooms into it), a drag sets the dashboard's range, the keyboard walks the marks.
 */
export function AnomalyTimelinePanel(props: Props) {
  const { id, data, width, height, options, fieldConfig, timeZone, timeRange, onChangeTimeRange } = props;
  const theme = useTheme2();
  const styles = useStyles2(getStyles);
  const from = timeRange.from.valueOf();
  const to = timeRange.to.valueOf();
  const read = useMemo(
    () => readTimeline(data.series, options.minSeverity, { from, to }),
    [data.series, options.minSeverity, from, to]
  );
  const grouping = options.laneBy;
  const lanes: FindingLane[] = useMemo(() => {
    const field = LANE_FIELDS[grouping];
    const entries = read.findings.map((finding) => ({
      key: String(finding[field as keyof TimelineFinding] ?? ''),
      time: finding.time,
      severity: finding.severity,
      ...(grouping === 'zone' && finding.level !== undefined ? { level: finding.level } : {}),
      finding,
    }));
    return assignLanes(entries, grouping).map((lane) => ({ ...lane, label: laneLabel(lane, grouping) }));
  }, [read.findings, grouping]);
  const chainOf = useMemo(() => {
    const byFinding = new Map<string, TimelineChain>();
    for (const chain of options.showChains === false ? [] : read.chains) {
      for (const findingId of chain.findingIds) {
        byFinding.set(findingId, chain);
      }
    }
    return byFinding;
  }, [read.chains, options.showChains]);
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const [active, setActive] = useState<Active>();
  const [hover, setHover] = useState<Hover>();
  const [selected, setSelected] = useState<TimelineFinding>();
  /** Findings at one moment, listed in the drawer when a click could not tell them apart. */
  const [crowd, setCrowd] = useState<TimelineFinding[]>();
  const [brush, setBrush] = useState<{ x0: number; x1: number }>();
  const pressed = useRef<{ x: number; moved: boolean }>();

  const problemsHeight = read.problems.length > 0 ? 22 : 0;
  const labelWidth = Math.min(200, Math.max(110, Math.round(width * 0.18)));
  const plotWidth = Math.max(10, width - labelWidth);
  const layout = useMemo(
    () =>
      anomalyLayout(
        { from, to },
        plotWidth,
        height - problemsHeight,
        lanes.map((lane) => collapsed.has(lane.key))
      ),
    [from, to, plotWidth, height, problemsHeight, lanes, collapsed]
  );
  const bins = useMemo(() => laneBins(lanes, layout), [lanes, layout]);
  const severityField = useMemo(
    () => data.series.flatMap((frame) => frame.fields.filter((field) => field.name === 'severity'))[0],
    [data.series]
  );
  const severityColor = useCallback(
    (severity: Severity) => {
      if (severityField?.config.mappings?.length && severityField.display) {
        const color = severityField.display(severity).color;
        if (color) {
          return color;
        }
      }
      return theme.visualization.getColorByName(SEVERITY_COLORS[severity]);
    },
    [severityField, theme]
  );
  const incidents = useMemo(() => incidentSpans(data.annotations), [data.annotations]);
  const activeFinding = active === undefined ? undefined : lanes[active.lane]?.marks[active.mark]?.finding;
  const draw = useCallback(
    (context: CanvasRenderingContext2D) =>
      drawAnomalyTimeline(context, {
        lanes,
        chains: options.showChains === false ? [] : read.chains,
        incidents,
        layout,
        theme,
        timeZone,
        colorOf: (finding) => severityColor(finding.severity),
        severityColor,
        active: activeFinding,
      }),
    [lanes, options.showChains, read.chains, incidents, layout, theme, timeZone, severityColor, activeFinding]
  );
  const canvasRef = useCanvas(plotWidth, layout.totalHeight, draw);

  const describe = useCallback(
    (finding: TimelineFinding): string[] => {
      const chain = finding.id === undefined ? undefined : chainOf.get(finding.id);
      return [
        `${finding.severity}${finding.score === undefined ? '' : `, score ${finding.score}`} · ${dateTimeFormat(finding.time, { timeZone })}`,
        ...(finding.zone !== '' || finding.asset !== ''
          ? [[finding.zone, finding.asset].filter(Boolean).join(' · ')]
          : []),
        ...(finding.technique !== '' ? [`Technique ${finding.technique}`] : []),
        ...(chain === undefined ? [] : [`Step of the chain ${chain.title || chain.id}`]),
      ];
    },
    [chainOf, timeZone]
  );

  const hit = (x: number, y: number) => {
    const lane = laneAt(layout, y);
    if (lane === undefined) {
      return undefined;
    }
    const bin = bins[lane].find((candidate) => x >= candidate.x0 - HIT_SLOP_PX && x <= candidate.x1 + HIT_SLOP_PX);
    return bin === undefined ? undefined : { lane, bin };
  };

  const onPointerDown = (event: PointerEvent<HTMLCanvasElement>) => {
    event.currentTarget.setPointerCapture?.(event.pointerId);
    pressed.current = { x: event.nativeEvent.offsetX, moved: false };
  };
  const onPointerMove = (event: PointerEvent<HTMLCanvasElement>) => {
    const { offsetX: x, offsetY: y } = event.nativeEvent;
    if (pressed.current !== undefined) {
      if (Math.abs(x - pressed.current.x) >= BRUSH_MIN_PX) {
        pressed.current.moved = true;
        setBrush({ x0: pressed.current.x, x1: x });
        setHover(undefined);
      }
      return;
    }
    const found = hit(x, y);
    if (found === undefined) {
      setHover(undefined);
      return;
    }
    const lane = lanes[found.lane];
    const position = { x: event.clientX, y: event.clientY };
    if (found.bin.count === 1) {
      const finding = lane.marks[found.bin.first].finding;
      setHover({ position, title: finding.title, lines: describe(finding) });
    } else {
      const first = lane.marks[found.bin.first].finding;
      const last = lane.marks[found.bin.last].finding;
      setHover({
        position,
        title: `${found.bin.count} findings in ${lane.label}`,
        lines: [
          `worst ${found.bin.worst}`,
          `${dateTimeFormat(first.time, { timeZone })} to ${dateTimeFormat(last.time, { timeZone })}`,
          'Click to zoom in',
        ],
      });
    }
  };
  const onPointerUp = (event: PointerEvent<HTMLCanvasElement>) => {
    const press = pressed.current;
    pressed.current = undefined;
    setBrush(undefined);
    if (press === undefined) {
      return;
    }
    const { offsetX: x, offsetY: y } = event.nativeEvent;
    if (press.moved) {
      const [x0, x1] = [Math.min(press.x, x), Math.max(press.x, x)];
      onChangeTimeRange({ from: Math.round(timeAt(layout, x0)), to: Math.round(timeAt(layout, x1)) });
      return;
    }
    const found = hit(x, y);
    if (found === undefined) {
      return;
    }
    const lane = lanes[found.lane];
    if (found.bin.count === 1) {
      setActive({ lane: found.lane, mark: found.bin.first });
      setCrowd(undefined);
      setSelected(lane.marks[found.bin.first].finding);
      return;
    }
    const first = lane.marks[found.bin.first].time;
    const last = lane.marks[found.bin.last].time;
    if (last - first < SAME_TIME_MS) {
      // No zoom tells them apart: the drawer opens on the first and lists them all.
      setActive({ lane: found.lane, mark: found.bin.first });
      setCrowd(lane.marks.slice(found.bin.first, found.bin.last + 1).map((entry) => entry.finding));
      setSelected(lane.marks[found.bin.first].finding);
      return;
    }
    // A strip: zoom to its marks, with a margin so the first and last stand apart.
    const margin = Math.max((last - first) * 0.1, 60_000);
    onChangeTimeRange({ from: first - margin, to: last + margin });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (lanes.length === 0) {
      return;
    }
    const current = active ?? { lane: 0, mark: -1 };
    const marksIn = (lane: number) => lanes[lane].marks;
    const nearest = (lane: number, time: number) => {
      const marks = marksIn(lane);
      let best = 0;
      marks.forEach((entry, index) => {
        if (Math.abs(entry.time - time) < Math.abs(marks[best].time - time)) {
          best = index;
        }
      });
      return best;
    };
    const time = activeFinding?.time ?? from;
    let next: Active | undefined;
    switch (event.key) {
      case 'ArrowRight':
        next = { lane: current.lane, mark: Math.min(marksIn(current.lane).length - 1, current.mark + 1) };
        break;
      case 'ArrowLeft':
        next = { lane: current.lane, mark: Math.max(0, current.mark - 1) };
        break;
      case 'ArrowDown': {
        const lane = active === undefined ? 0 : Math.min(lanes.length - 1, current.lane + 1);
        next = { lane, mark: nearest(lane, time) };
        break;
      }
      case 'ArrowUp': {
        const lane = Math.max(0, current.lane - 1);
        next = { lane, mark: nearest(lane, time) };
        break;
      }
      case 'Home':
        next = { lane: current.lane, mark: 0 };
        break;
      case 'End':
        next = { lane: current.lane, mark: marksIn(current.lane).length - 1 };
        break;
      case 'Enter':
      case ' ':
        if (activeFinding !== undefined) {
          setCrowd(undefined);
          setSelected(activeFinding);
          event.preventDefault();
        }
        return;
      default:
        return;
    }
    event.preventDefault();
    setActive(next);
    const finding = marksIn(next.lane)[next.mark]?.finding;
    if (finding !== undefined) {
      const box = event.currentTarget.getBoundingClientRect();
      const { y, height: laneHeight } = layout.lanes[next.lane];
      setHover({
        position: {
          x: box.left + labelWidth + xOf(layout, finding.time),
          y: box.top + problemsHeight + y + laneHeight,
        },
        title: finding.title,
        lines: describe(finding),
      });
    }
  };

  if (read.findings.length === 0 && read.problems.length > 0 && lanes.length === 0) {
    return <PanelDataErrorView panelId={id} data={data} fieldConfig={fieldConfig} message={read.problems.join('. ')} />;
  }
  if (lanes.length === 0) {
    return (
      <div className={styles.empty} style={{ width, height }}>
        {`No findings of ${options.minSeverity} severity or above in this time range.`}
      </div>
    );
  }

  const selectedChain = selected?.id === undefined ? undefined : chainOf.get(selected.id);
  const chainFindings =
    selectedChain === undefined
      ? undefined
      : selectedChain.findingIds.flatMap((findingId) => read.findings.filter((finding) => finding.id === findingId));
  const links: Array<LinkModel<Field>> =
    selected === undefined
      ? []
      : selected.frame.fields.flatMap((field) =>
          field.config.links?.length && field.getLinks ? field.getLinks({ valueRowIndex: selected.row }) : []
        );
  const datasourceUid =
    selected === undefined
      ? ''
      : String(
          (data.request?.targets.find((target) => target.refId === selected.frame.refId) ?? data.request?.targets[0])
            ?.datasource?.uid ?? ''
        );
  const activeChain = activeFinding?.id === undefined ? undefined : chainOf.get(activeFinding.id);

  return (
    <div className={styles.panel} style={{ width, height }}>
      {read.problems.length > 0 && (
        <div className={styles.problems} data-testid={selectors.problems} title={read.problems.join('\n')}>
          <Icon name="exclamation-triangle" size="sm" /> {read.problems[0]}
          {read.problems.length > 1 ? ` (and ${read.problems.length - 1} more)` : ''}
        </div>
      )}
      <div
        className={styles.scroller}
        style={{ height: height - problemsHeight }}
        tabIndex={0}
        role="grid"
        aria-label={selectors.timeline}
        aria-rowcount={lanes.length}
        onKeyDown={onKeyDown}
        onBlur={() => setHover(undefined)}
      >
        <div className={styles.labels} style={{ width: labelWidth, height: layout.totalHeight }}>
          {lanes.map((lane, index) => {
            const isCollapsed = collapsed.has(lane.key);
            return (
              <button
                key={lane.key}
                type="button"
                className={styles.label}
                style={{ top: layout.lanes[index].y, height: layout.lanes[index].height }}
                aria-expanded={!isCollapsed}
                data-testid={selectors.laneToggle}
                data-lane={lane.key}
                title={`${lane.label}: ${lane.marks.length} findings, worst ${lane.worst}. Click to ${isCollapsed ? 'expand' : 'collapse'}.`}
                onClick={() =>
                  setCollapsed((before) => {
                    const after = new Set(before);
                    if (!after.delete(lane.key)) {
                      after.add(lane.key);
                    }
                    return after;
                  })
                }
              >
                {!isCollapsed && <span className={styles.swatch} style={{ background: severityColor(lane.worst) }} />}
                <span className={isCollapsed ? styles.collapsedName : styles.name}>{lane.label}</span>
                {!isCollapsed && <span className={styles.count}>{lane.marks.length}</span>}
              </button>
            );
          })}
        </div>
        <div className={styles.plot} style={{ left: labelWidth, width: plotWidth, height: layout.totalHeight }}>
          <canvas
            ref={canvasRef}
            className={styles.canvas}
            onPointerDown={onPointerDown}
            onPointerMove={onPointerMove}
            onPointerUp={onPointerUp}
            onPointerLeave={() => {
              setHover(undefined);
            }}
          />
          {brush !== undefined && (
            <div
              className={styles.brush}
              data-testid={selectors.brush}
              style={{
                left: Math.min(brush.x0, brush.x1),
                width: Math.abs(brush.x1 - brush.x0),
                height: layout.lanesHeight,
              }}
            />
          )}
        </div>
        <div
          className={styles.liveRegion}
          aria-live="polite"
          data-testid={selectors.liveRegion}
          data-lane={active === undefined ? '' : lanes[active.lane]?.key}
          data-time={activeFinding?.time ?? ''}
          data-finding-id={activeFinding?.id ?? ''}
          data-chain={activeChain?.id ?? ''}
          data-x={activeFinding === undefined ? '' : Math.round(xOf(layout, activeFinding.time))}
          data-y={
            active === undefined || layout.lanes[active.lane] === undefined
              ? ''
              : Math.round(layout.lanes[active.lane].y + layout.lanes[active.lane].height / 2)
          }
        >
          {activeFinding === undefined
            ? ''
            : `${lanes[active?.lane ?? 0]?.label}: ${activeFinding.title}, ${activeFinding.severity}, ${dateTimeFormat(activeFinding.time, { timeZone })}`}
        </div>
      </div>
      {hover !== undefined && (
        <Portal>
          <VizTooltipContainer position={hover.position} offset={{ x: 12, y: 12 }} data-testid={selectors.hoverCard}>
            <div className={styles.card}>
              <div className={styles.cardTitle}>{hover.title}</div>
              {hover.lines.map((line) => (
                <div key={line}>{line}</div>
              ))}
            </div>
          </VizTooltipContainer>
        </Portal>
      )}
      {selected !== undefined && (
        <FindingDrawer
          finding={selected}
          chain={
            selectedChain === undefined || chainFindings === undefined
              ? undefined
              : { chain: selectedChain, findings: chainFindings }
          }
          datasourceUid={datasourceUid}
          range={{ from, to }}
          timeZone={timeZone}
          links={links}
          crowd={crowd}
          onSelect={setSelected}
          onClose={() => {
            setSelected(undefined);
            setCrowd(undefined);
          }}
        />
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  panel: css({ display: 'flex', flexDirection: 'column', overflow: 'hidden' }),
  problems: css({
    height: 22,
    flexShrink: 0,
    color: theme.colors.warning.text,
    fontSize: theme.typography.bodySmall.fontSize,
    whiteSpace: 'nowrap',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
  }),
  scroller: css({
    position: 'relative',
    overflowY: 'auto',
    overflowX: 'hidden',
    outline: 'none',
    '&:focus-visible': { boxShadow: `inset 0 0 0 2px ${theme.colors.primary.border}` },
  }),
  labels: css({ position: 'absolute', left: 0, top: 0 }),
  label: css({
    position: 'absolute',
    left: 0,
    right: 0,
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(0.75),
    padding: theme.spacing(0, 1, 0, 0.5),
    background: 'none',
    border: 'none',
    borderBottom: `1px solid ${theme.colors.border.weak}`,
    color: theme.colors.text.primary,
    fontSize: theme.typography.bodySmall.fontSize,
    cursor: 'pointer',
    textAlign: 'left',
    '&:hover': { background: theme.colors.action.hover },
  }),
  swatch: css({ width: 4, alignSelf: 'stretch', margin: '4px 0', borderRadius: 2, flexShrink: 0 }),
  name: css({ flex: 1, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }),
  collapsedName: css({
    flex: 1,
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
    color: theme.colors.text.secondary,
    fontSize: 10,
  }),
  count: css({ color: theme.colors.text.secondary }),
  plot: css({ position: 'absolute', top: 0 }),
  canvas: css({ display: 'block', cursor: 'crosshair', touchAction: 'none' }),
  brush: css({
    position: 'absolute',
    top: 0,
    background: theme.colors.primary.transparent,
    border: `1px solid ${theme.colors.primary.border}`,
    pointerEvents: 'none',
  }),
  liveRegion: css({ position: 'absolute', width: 1, height: 1, overflow: 'hidden', clipPath: 'inset(50%)' }),
  card: css({
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(0.25),
    maxWidth: 420,
    padding: theme.spacing(1),
    fontSize: theme.typography.bodySmall.fontSize,
  }),
  cardTitle: css({ fontWeight: theme.typography.fontWeightMedium }),
  empty: css({
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'center',
    color: theme.colors.text.secondary,
  }),
});
