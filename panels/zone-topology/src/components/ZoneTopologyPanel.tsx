import { type LaidOutEdge, NO_ZONE_ID, ZONE_LAYOUT_METRICS, zoneTopologyLayout } from '@conduit/core';
import { css } from '@emotion/css';
import type { GrafanaTheme2, PanelProps } from '@grafana/data';
import { getTemplateSrv, locationService, PanelDataErrorView } from '@grafana/runtime';
import { Alert, ContextMenu, IconButton, MenuGroup, MenuItem, useStyles2, useTheme2 } from '@grafana/ui';
import { type KeyboardEvent, type MouseEvent, useCallback, useEffect, useMemo, useRef, useState } from 'react';

import { exploreUrl, fillEntityUrl, zoneOf } from '../data/entityLinks';
import { readTopology, TopologyFrameError } from '../data/readTopology';
import { drawTopology, TextFitter, topologyScene } from '../render/drawTopology';
import { hitTest } from '../render/hitTest';
import { topologyPalette } from '../render/topologyPalette';
import { centreOn, fitViewport, toWorld, type Viewport, zoomAt } from '../render/viewport';
import { selectors } from '../selectors';
import type { PanelTopology, TopologyEntity, ZoneTopologyOptions } from '../types';
import { TopologyLegend } from './TopologyLegend';
import { TopologyListView } from './TopologyListView';
import { TopologyTooltip } from './TopologyTooltip';

type Props = PanelProps<ZoneTopologyOptions>;

const LEGEND_HEIGHT = 28;
/** Pointer travel, in screen pixels, past which a press is a drag and not a click. */
const DRAG_THRESHOLD = 4;

interface Hover {
  x: number;
  y: number;
  entity?: TopologyEntity;
  edge?: LaidOutEdge;
}

interface Press {
  startX: number;
  startY: number;
  view: Viewport;
  /** The zone or asset pressed, to drag; none pans. */
  target?: {
    id: string;
    kind: 'zone' | 'asset';
    x: number;
    y: number;
    width: number;
    height: number;
    zoneX: number;
    zoneY: number;
  };
  moved: boolean;
}

interface Menu {
  x: number;
  y: number;
  entity: TopologyEntity;
}

function useTopology(props: Props): { topology?: PanelTopology; error?: string } {
  const { series } = props.data;
  const { colorField } = props.options;
  return useMemo(() => {
    try {
      return { topology: readTopology(series, colorField ?? '') };
    } catch (error) {
      if (error instanceof TopologyFrameError) {
        return { error: error.message };
      }
      throw error;
    }
  }, [series, colorField]);
}

/** Sets the dashboard variables named in the options, through the URL as Grafana's data links do; only those the dashboard has. */
function setVariables(options: ZoneTopologyOptions, zone: string | undefined, asset: string | undefined): void {
  const existing = new Set(
    getTemplateSrv()
      .getVariables()
      .map((variable) => variable.name)
  );
  const update: Record<string, string> = {};
  if (options.zoneVariable && zone !== undefined && existing.has(options.zoneVariable)) {
    update[`var-${options.zoneVariable}`] = zone;
  }
  if (options.assetVariable && asset !== undefined && existing.has(options.assetVariable)) {
    update[`var-${options.assetVariable}`] = asset;
  }
  if (Object.keys(update).length > 0) {
    locationService.partial(update, true);
  }
}

/**
 * The zone topology: Purdue bands, zones as containers with their assets, conduits and live traffic judged against
 * them, on a canvas that pans and zooms; a list view carries the same for keyboards and screen readers.
 */
export function ZoneTopologyPanel(props: Props) {
  const { id, data, width, height, options, fieldConfig, onOptionsChange, timeRange } = props;
  const styles = useStyles2(getStyles);
  const theme = useTheme2();
  const palette = useMemo(() => topologyPalette(theme), [theme]);
  const { topology, error } = useTopology(props);
  const [toggled, setToggled] = useState<ReadonlyMap<string, boolean>>(new Map());
  const [listView, setListView] = useState(false);
  const [hover, setHover] = useState<Hover | undefined>();
  const [menu, setMenu] = useState<Menu | undefined>();
  const [selected, setSelected] = useState<string | undefined>();
  const [focusIndex, setFocusIndex] = useState(-1);
  const pinned = useMemo(() => options.pinned ?? {}, [options.pinned]);

  const collapsed = useMemo(() => {
    const set = new Set<string>();
    if (topology === undefined) {
      return set;
    }
    const counts = new Map<string, number>();
    for (const asset of topology.assets) {
      const zone = asset.parent !== undefined && topology.byId.has(asset.parent) ? asset.parent : NO_ZONE_ID;
      counts.set(zone, (counts.get(zone) ?? 0) + 1);
    }
    for (const [zone, count] of counts) {
      if (toggled.get(zone) ?? count > options.collapseAbove) {
        set.add(zone);
      }
    }
    return set;
  }, [topology, toggled, options.collapseAbove]);

  const layout = useMemo(
    () =>
      topology &&
      zoneTopologyLayout(
        topology.zones,
        topology.assets.map((asset) => ({ id: asset.id, title: asset.title, zone: asset.parent, ip: asset.ip })),
        topology.links,
        { collapsed, pinned }
      ),
    [topology, collapsed, pinned]
  );
  const scene = useMemo(() => layout && topology && topologyScene(layout, topology.byId), [layout, topology]);
  const linkText = useMemo(() => {
    const texts = new Map<string, string>();
    for (const link of topology?.links ?? []) {
      if (link.text) {
        texts.set(`${link.source}>${link.target}`, link.text);
      }
    }
    return texts;
  }, [topology]);
  /** Zones and visible assets in reading order: what the arrow keys walk through. */
  const focusOrder = useMemo(
    () =>
      layout?.zones.flatMap((zone) => [
        zone.id,
        ...(zone.collapsed
          ? []
          : layout.assets.slice(zone.firstAsset, zone.firstAsset + zone.assetCount).map((a) => a.id)),
      ]) ?? [],
    [layout]
  );

  const canvasHeight = Math.max(0, height - LEGEND_HEIGHT);
  const canvasRef = useRef<HTMLCanvasElement | null>(null);
  const viewRef = useRef<Viewport>({ x: 0, y: 0, k: 1 });
  const movedByUser = useRef(false);
  const fitterRef = useRef<TextFitter | undefined>(undefined);
  const frame = useRef(0);
  const press = useRef<Press | undefined>(undefined);
  const [ghost, setGhost] = useState<{ x: number; y: number; width: number; height: number } | undefined>();
  const focusedId = focusIndex >= 0 ? focusOrder[focusIndex] : undefined;
  const drawState = useMemo(
    () => ({ hover: hover?.entity?.id, focus: focusedId, selected, showConduits: options.showConduits }),
    [hover, focusedId, selected, options.showConduits]
  );

  const draw = useCallback(() => {
    frame.current = 0;
    const canvas = canvasRef.current;
    const context = canvas?.getContext('2d');
    if (!canvas || !context || !scene) {
      return;
    }
    const ratio = window.devicePixelRatio || 1;
    // The backing store in device pixels, set only when it changes (setting it clears the canvas).
    if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(canvasHeight * ratio)) {
      canvas.width = Math.round(width * ratio);
      canvas.height = Math.round(canvasHeight * ratio);
    }
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.clearRect(0, 0, width, canvasHeight);
    fitterRef.current ??= new TextFitter(context);
    const view = viewRef.current;
    drawTopology(context, scene, view, width, canvasHeight, palette, fitterRef.current, drawState);
    // The view as an attribute: what browser tests and the bench read to know where the map is.
    canvas.dataset.view = `${view.x.toFixed(1)},${view.y.toFixed(1)},${view.k.toFixed(4)}`;
  }, [scene, width, canvasHeight, palette, drawState]);

  const redraw = useCallback(() => {
    if (frame.current === 0) {
      frame.current = requestAnimationFrame(draw);
    }
  }, [draw]);
  useEffect(() => () => cancelAnimationFrame(frame.current), []);

  // Fit the whole plant until the user pans or zooms.
  useEffect(() => {
    if (layout && !movedByUser.current) {
      viewRef.current = fitViewport(layout.width, layout.height, width, canvasHeight, ZONE_LAYOUT_METRICS.labelWidth);
    }
  }, [layout, width, canvasHeight]);

  useEffect(() => {
    if (!listView) {
      redraw();
    }
  }, [redraw, listView]);

  // Wheel zoom needs a non-passive listener to keep the page from scrolling.
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) {
      return;
    }
    const onWheel = (event: WheelEvent) => {
      event.preventDefault();
      const rect = canvas.getBoundingClientRect();
      movedByUser.current = true;
      viewRef.current = zoomAt(
        viewRef.current,
        event.clientX - rect.left,
        event.clientY - rect.top,
        Math.exp(-event.deltaY / 500)
      );
      redraw();
    };
    canvas.addEventListener('wheel', onWheel, { passive: false });
    return () => canvas.removeEventListener('wheel', onWheel);
  }, [redraw, listView, layout]);

  const entityAt = useCallback(
    (event: MouseEvent<HTMLCanvasElement>) => {
      if (!layout || !topology) {
        return undefined;
      }
      const rect = event.currentTarget.getBoundingClientRect();
      const world = toWorld(viewRef.current, event.clientX - rect.left, event.clientY - rect.top);
      const hit = hitTest(layout, world.x, world.y, 6 / viewRef.current.k, options.showConduits);
      return { hit, world };
    },
    [layout, topology, options.showConduits]
  );

  const select = useCallback(
    (entityId: string) => {
      const entity = topology?.byId.get(entityId);
      if (!entity || !topology) {
        return;
      }
      setSelected(entityId);
      setVariables(options, zoneOf(entity, topology.byId), entity.kind === 'asset' ? entity.name : undefined);
    },
    [topology, options]
  );

  const toggleZone = useCallback(
    (zoneId: string) => setToggled((previous) => new Map(previous).set(zoneId, !collapsed.has(zoneId))),
    [collapsed]
  );

  const unpin = useCallback(
    (entityId: string) => {
      const next = { ...pinned };
      delete next[entityId];
      onOptionsChange({ ...options, pinned: next });
    },
    [pinned, options, onOptionsChange]
  );

  const onPointerDown = (event: React.PointerEvent<HTMLCanvasElement>) => {
    if (event.button !== 0 || !layout) {
      return;
    }
    event.currentTarget.setPointerCapture?.(event.pointerId);
    const found = entityAt(event);
    const hit = found?.hit;
    let target: Press['target'];
    if (hit?.kind === 'zone') {
      const zone = layout.zones[hit.index];
      target = {
        id: zone.id,
        kind: 'zone',
        x: zone.x,
        y: zone.y,
        width: zone.width,
        height: zone.height,
        zoneX: 0,
        zoneY: 0,
      };
    } else if (hit?.kind === 'asset') {
      const asset = layout.assets[hit.index];
      const zone = layout.zones[asset.zone];
      target = {
        id: asset.id,
        kind: 'asset',
        x: asset.x,
        y: asset.y,
        width: asset.width,
        height: asset.height,
        zoneX: zone.x,
        zoneY: zone.y,
      };
    }
    press.current = { startX: event.clientX, startY: event.clientY, view: viewRef.current, target, moved: false };
  };

  const onPointerMove = (event: React.PointerEvent<HTMLCanvasElement>) => {
    const current = press.current;
    if (current) {
      const dx = event.clientX - current.startX;
      const dy = event.clientY - current.startY;
      if (!current.moved && Math.hypot(dx, dy) < DRAG_THRESHOLD) {
        return;
      }
      current.moved = true;
      setHover(undefined);
      if (current.target) {
        const { k, x: vx, y: vy } = viewRef.current;
        // In screen pixels: the outline follows the pointer; the layout moves once, on release.
        setGhost({
          x: current.target.x * k + vx + dx,
          y: current.target.y * k + vy + dy,
          width: current.target.width * k,
          height: current.target.height * k,
        });
      } else {
        movedByUser.current = true;
        viewRef.current = { ...current.view, x: current.view.x + dx, y: current.view.y + dy };
        redraw();
      }
      return;
    }
    const found = entityAt(event);
    const hit = found?.hit;
    const entity =
      hit?.kind === 'zone'
        ? topology?.byId.get(layout?.zones[hit.index].id ?? '')
        : hit?.kind === 'asset'
          ? topology?.byId.get(layout?.assets[hit.index].id ?? '')
          : undefined;
    const edge = hit?.kind === 'edge' ? hit.edge : undefined;
    setHover(entity || edge ? { x: event.clientX, y: event.clientY, entity, edge } : undefined);
  };

  const onPointerUp = (event: React.PointerEvent<HTMLCanvasElement>) => {
    const current = press.current;
    press.current = undefined;
    setGhost(undefined);
    if (!current) {
      return;
    }
    if (current.moved && current.target) {
      const k = viewRef.current.k;
      const x = current.target.x + (event.clientX - current.startX) / k;
      const y = current.target.y + (event.clientY - current.startY) / k;
      const position =
        current.target.kind === 'zone'
          ? { x: Math.round(x), y: Math.round(y) }
          : { x: Math.round(x - current.target.zoneX), y: Math.round(y - current.target.zoneY) };
      onOptionsChange({ ...options, pinned: { ...pinned, [current.target.id]: position } });
      return;
    }
    if (!current.moved && current.target) {
      select(current.target.id);
      const entity = topology?.byId.get(current.target.id);
      if (entity) {
        setMenu({ x: event.clientX, y: event.clientY, entity });
      }
    }
  };

  const onDoubleClick = (event: MouseEvent<HTMLCanvasElement>) => {
    const hit = entityAt(event)?.hit;
    if (hit?.kind === 'zone' && layout) {
      setMenu(undefined);
      toggleZone(layout.zones[hit.index].id);
    }
  };

  const onContextMenu = (event: MouseEvent<HTMLCanvasElement>) => {
    const hit = entityAt(event)?.hit;
    const entityId =
      hit?.kind === 'zone'
        ? layout?.zones[hit.index].id
        : hit?.kind === 'asset'
          ? layout?.assets[hit.index].id
          : undefined;
    const entity = entityId === undefined ? undefined : topology?.byId.get(entityId);
    if (entity) {
      event.preventDefault();
      setMenu({ x: event.clientX, y: event.clientY, entity });
    }
  };

  const focusEntity = (index: number) => {
    if (!layout || focusOrder.length === 0) {
      return;
    }
    const next = (index + focusOrder.length) % focusOrder.length;
    setFocusIndex(next);
    const focused = focusOrder[next];
    const box = layout.zones.find((zone) => zone.id === focused) ?? layout.assets.find((asset) => asset.id === focused);
    if (box) {
      // The map follows the keyboard: the focused asset, or the focused zone's title bar, comes to the middle.
      const isZone = 'collapsed' in box && !box.collapsed;
      const target = isZone ? { ...box, height: ZONE_LAYOUT_METRICS.zoneHeader } : box;
      viewRef.current = centreOn(viewRef.current, target, width, canvasHeight);
      movedByUser.current = true;
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLCanvasElement>) => {
    const focused = focusIndex >= 0 ? focusOrder[focusIndex] : undefined;
    const entity = focused === undefined ? undefined : topology?.byId.get(focused);
    const zoomBy = (factor: number) => {
      movedByUser.current = true;
      viewRef.current = zoomAt(viewRef.current, width / 2, canvasHeight / 2, factor);
      redraw();
    };
    switch (event.key) {
      case 'ArrowRight':
      case 'ArrowDown':
        focusEntity(focusIndex + 1);
        break;
      case 'ArrowLeft':
      case 'ArrowUp':
        focusEntity(focusIndex - 1);
        break;
      case 'Home':
        focusEntity(0);
        break;
      case 'End':
        focusEntity(focusOrder.length - 1);
        break;
      case 'Enter':
        if (focused !== undefined) {
          select(focused);
        }
        break;
      case ' ':
        if (focused !== undefined && layout?.zones.some((zone) => zone.id === focused)) {
          toggleZone(focused);
        }
        break;
      case '+':
      case '=':
        zoomBy(1.25);
        break;
      case '-':
        zoomBy(0.8);
        break;
      case '0':
        movedByUser.current = false;
        if (layout) {
          viewRef.current = fitViewport(
            layout.width,
            layout.height,
            width,
            canvasHeight,
            ZONE_LAYOUT_METRICS.labelWidth
          );
        }
        redraw();
        break;
      case 'ContextMenu':
      case 'F10':
        if (entity && (event.key === 'ContextMenu' || event.shiftKey)) {
          const rect = event.currentTarget.getBoundingClientRect();
          setMenu({ x: rect.left + width / 2, y: rect.top + canvasHeight / 2, entity });
        } else {
          return;
        }
        break;
      case 'Escape':
        setMenu(undefined);
        break;
      default:
        return;
    }
    event.preventDefault();
  };

  if (error !== undefined) {
    return <PanelDataErrorView panelId={id} data={data} fieldConfig={fieldConfig} message={error} />;
  }
  if (!topology || !layout || !scene) {
    return (
      <PanelDataErrorView
        panelId={id}
        data={data}
        fieldConfig={fieldConfig}
        message='No zones or assets to draw: the query must return a nodes frame with an "id" field (a Conduit topology query does).'
      />
    );
  }

  const focused = focusIndex >= 0 ? topology.byId.get(focusOrder[focusIndex]) : undefined;
  const datasourceUid = (() => {
    const ds = data.request?.targets?.[0]?.datasource;
    return typeof ds === 'object' && ds?.uid ? ds.uid : 'conduit-telemetry';
  })();
  const menuItems = (entity: TopologyEntity) => {
    const zone = zoneOf(entity, topology.byId);
    const asset = entity.kind === 'asset' ? entity.name : undefined;
    const links = entity.links();
    const isZone = entity.kind === 'zone';
    return (
      <>
        <MenuGroup label={entity.title}>
          {options.findingsUrl && (
            <MenuItem
              label={isZone ? 'Findings for this zone' : 'Findings for this asset'}
              icon="bug"
              url={fillEntityUrl(options.findingsUrl, zone, asset)}
            />
          )}
          <MenuItem
            label="Open in Explore"
            icon="compass"
            url={exploreUrl(datasourceUid, zone, String(timeRange.raw.from), String(timeRange.raw.to))}
          />
          {options.incidentUrl && (
            <MenuItem label="Open incident" icon="fire" url={fillEntityUrl(options.incidentUrl, zone, asset)} />
          )}
          {isZone && entity.id !== NO_ZONE_ID && layout.zones.some((z) => z.id === entity.id && z.assetCount > 0) && (
            <MenuItem
              label={collapsed.has(entity.id) ? 'Expand zone' : 'Collapse zone'}
              icon={collapsed.has(entity.id) ? 'plus' : 'minus'}
              onClick={() => toggleZone(entity.id)}
            />
          )}
          {pinned[entity.id] !== undefined && (
            <MenuItem label="Unpin" icon="gf-movepane-left" onClick={() => unpin(entity.id)} />
          )}
        </MenuGroup>
        {links.length > 0 && (
          <MenuGroup label="Data links">
            {links.map((link, index) => (
              <MenuItem key={index} label={link.title} url={link.href} target={link.target} onClick={link.onClick} />
            ))}
          </MenuGroup>
        )}
      </>
    );
  };

  return (
    <div className={styles.root} style={{ width, height }}>
      {topology.warnings.length > 0 && (
        <Alert
          className={styles.warnings}
          severity="warning"
          title={topology.warnings[0]}
          data-testid={selectors.warnings}
        >
          {topology.warnings.slice(1).join(' ')}
        </Alert>
      )}
      <div className={styles.toolbar}>
        <IconButton
          name="expand-arrows"
          tooltip={selectors.fit}
          aria-label={selectors.fit}
          onClick={() => {
            movedByUser.current = false;
            viewRef.current = fitViewport(
              layout.width,
              layout.height,
              width,
              canvasHeight,
              ZONE_LAYOUT_METRICS.labelWidth
            );
            redraw();
          }}
        />
        <IconButton
          name={listView ? 'sitemap' : 'list-ul'}
          tooltip={listView ? selectors.mapToggle : selectors.listToggle}
          aria-label={listView ? selectors.mapToggle : selectors.listToggle}
          onClick={() => setListView(!listView)}
        />
      </div>
      {listView ? (
        <TopologyListView
          layout={layout}
          byId={topology.byId}
          width={width}
          height={canvasHeight}
          onSelect={select}
          onToggle={toggleZone}
        />
      ) : (
        <>
          <canvas
            ref={canvasRef}
            className={styles.canvas}
            style={{ width, height: canvasHeight }}
            tabIndex={0}
            role="application"
            aria-roledescription="zone topology map"
            aria-label={`${selectors.map}: ${layout.zones.length} zones, ${layout.assets.length} assets, ${layout.edges.length} conduits and flows. Arrow keys move between zones and assets, Enter selects, Space expands or collapses a zone, plus and minus zoom, 0 fits.`}
            data-zones={layout.zones.length}
            data-pinned={Object.keys(pinned).sort().join(' ')}
            data-assets={layout.assets.filter((asset) => asset.visible).length}
            onPointerDown={onPointerDown}
            onPointerMove={onPointerMove}
            onPointerUp={onPointerUp}
            onPointerLeave={() => setHover(undefined)}
            onDoubleClick={onDoubleClick}
            onContextMenu={onContextMenu}
            onKeyDown={onKeyDown}
          />
          {ghost && (
            <div
              className={styles.ghost}
              style={{ left: ghost.x, top: ghost.y, width: ghost.width, height: ghost.height }}
            />
          )}
        </>
      )}
      <div
        className={styles.srOnly}
        aria-live="polite"
        data-testid={selectors.liveRegion}
        data-entity={focused?.id ?? ''}
      >
        {focused
          ? `${focused.kind} ${focused.title}${focused.findingCount ? `, ${focused.findingCount} findings` : ''}`
          : ''}
      </div>
      <TopologyLegend palette={palette} colorField={options.colorField} showConduits={options.showConduits} />
      {hover && !menu && (
        <TopologyTooltip
          position={{ x: hover.x, y: hover.y }}
          entity={hover.entity}
          edge={hover.edge}
          titleOf={(entityId) => topology.byId.get(entityId)?.title ?? entityId}
          edgeText={hover.edge ? linkText.get(`${hover.edge.source}>${hover.edge.target}`) : undefined}
        />
      )}
      {menu && (
        <ContextMenu
          x={menu.x}
          y={menu.y}
          onClose={() => setMenu(undefined)}
          renderMenuItems={() => menuItems(menu.entity)}
          focusOnOpen
        />
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  root: css({ position: 'relative', display: 'flex', flexDirection: 'column' }),
  canvas: css({
    display: 'block',
    cursor: 'grab',
    touchAction: 'none',
    '&:focus-visible': { outline: `2px solid ${theme.colors.primary.border}` },
  }),
  toolbar: css({
    position: 'absolute',
    top: theme.spacing(0.5),
    right: theme.spacing(0.5),
    zIndex: 1,
    display: 'flex',
    gap: theme.spacing(0.5),
    background: theme.colors.background.primary,
    borderRadius: theme.shape.radius.default,
  }),
  warnings: css({
    position: 'absolute',
    left: theme.spacing(1),
    bottom: LEGEND_HEIGHT + 8,
    zIndex: 1,
    maxWidth: '60%',
    marginBottom: 0,
  }),
  ghost: css({
    position: 'absolute',
    pointerEvents: 'none',
    border: `2px dashed ${theme.colors.primary.border}`,
    borderRadius: 6,
  }),
  srOnly: css({ position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)' }),
});
