import { type DataFrame, type Field, textUtil } from '@grafana/data';
import { type UPlotConfigBuilder, useTheme2 } from '@grafana/ui';
import { useLayoutEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import type uPlot from 'uplot';

/** One annotation of the panel's `data.annotations`, as the time series panel marks it under its plot. */
interface AnnotationMark {
  key: string;
  time: number;
  timeEnd?: number;
  color: string;
  /** Title and text as Grafana's annotation tooltip joins them, markup the annotation's source wrote. */
  markup: string;
  tags: string[];
}

function named(frame: DataFrame, name: string): Field | undefined {
  return frame.fields.find((field) => field.name === name);
}

function textAt(field: Field | undefined, row: number): string {
  const value: unknown = field?.values[row];
  return value === undefined || value === null ? '' : String(value);
}

function marksOf(frames: DataFrame[] | undefined, colorByName: (name: string) => string): AnnotationMark[] {
  return (frames ?? []).flatMap((frame, frameIndex) => {
    const times = named(frame, 'time');
    if (times === undefined) {
      return [];
    }
    const [ends, titles, texts, colors, tags] = ['timeEnd', 'title', 'text', 'color', 'tags'].map((name) =>
      named(frame, name)
    );
    return Array.from({ length: frame.length }, (_, row): AnnotationMark[] => {
      const time: unknown = times.values[row];
      if (typeof time !== 'number') {
        return [];
      }
      const end: unknown = ends?.values[row];
      const title = textAt(titles, row);
      const text = textAt(texts, row);
      const tagList: unknown = tags?.values[row];
      return [
        {
          key: `${frameIndex}-${row}`,
          time,
          timeEnd: typeof end === 'number' && end > time ? end : undefined,
          color: colorByName(textAt(colors, row) || 'rgba(0, 211, 255, 1)'),
          markup: title === '' ? text : `${title}<br />${text}`,
          tags: Array.isArray(tagList) ? tagList.map(String) : [],
        },
      ];
    }).flat();
  });
}

/**
 * Annotation markup shown as Grafana's annotation tooltip (timeseries AnnotationTooltip2) shows it: through
 * textUtil.sanitize, as HTML. The sanitized markup is parsed into nodes rather than set as raw HTML from React.
 */
function SanitizedMarkup({ markup }: { markup: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const parsed = new DOMParser().parseFromString(textUtil.sanitize(markup), 'text/html');
    ref.current?.replaceChildren(...Array.from(parsed.body.childNodes));
  }, [markup]);
  return <div ref={ref} data-testid="host-annotation-text" />;
}

/**
 * The dashboard's annotations on a time series: a mark on the bottom edge of the plot at each annotation's
 * time (a band for a region), in its colour; hovering a mark shows its tooltip. Drawn into uPlot's overlay,
 * positioned by the plot's own scale, and moved whenever the plot redraws.
 */
export function AnnotationMarks({ config, annotations }: { config: UPlotConfigBuilder; annotations?: DataFrame[] }) {
  const theme = useTheme2();
  const [plot, setPlot] = useState<uPlot>();
  const [, setDrawn] = useState(0);
  const [hovered, setHovered] = useState<string>();
  useLayoutEffect(() => {
    config.addHook('ready', (u) => setPlot(u));
    config.addHook('draw', () => setDrawn((count) => count + 1));
  }, [config]);
  if (plot === undefined) {
    return null;
  }
  const marks = marksOf(annotations, (name) => theme.visualization.getColorByName(name));
  const height = plot.over.clientHeight;
  return createPortal(
    <>
      {marks.map((mark) => {
        const left = plot.valToPos(mark.time, 'x');
        const right = mark.timeEnd === undefined ? left : plot.valToPos(mark.timeEnd, 'x');
        if (right < 0 || left > plot.over.clientWidth) {
          return null;
        }
        return (
          <div
            key={mark.key}
            data-testid="host-annotation-mark"
            onMouseEnter={() => setHovered(mark.key)}
            onMouseLeave={() => setHovered(undefined)}
            style={{
              position: 'absolute',
              left: Math.max(0, left) - 4,
              width: Math.max(8, right - left + 8),
              top: height - 6,
              height: 6,
              background: mark.color,
              borderRadius: 2,
              cursor: 'pointer',
              zIndex: 2,
            }}
          >
            {hovered === mark.key && (
              <div
                role="tooltip"
                data-testid="host-annotation-tooltip"
                style={{
                  position: 'absolute',
                  bottom: 10,
                  left: 0,
                  minWidth: 200,
                  maxWidth: 400,
                  padding: theme.spacing(1),
                  background: theme.colors.background.elevated,
                  border: `1px solid ${theme.colors.border.weak}`,
                  boxShadow: theme.shadows.z3,
                  color: theme.colors.text.primary,
                  fontSize: theme.typography.bodySmall.fontSize,
                  cursor: 'auto',
                }}
              >
                <SanitizedMarkup markup={mark.markup} />
                {mark.tags.length > 0 && (
                  <div style={{ color: theme.colors.text.secondary }}>{mark.tags.join(', ')}</div>
                )}
              </div>
            )}
          </div>
        );
      })}
    </>,
    plot.over
  );
}
