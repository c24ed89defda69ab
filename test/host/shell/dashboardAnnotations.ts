import { type DataFrame, DataTopic, FieldType, MutableDataFrame, type TimeRange } from '@grafana/data';
import { getBackendSrv } from '@grafana/runtime';

/** An entry of a dashboard's `annotations.list`. */
export interface AnnotationQuery {
  name?: string;
  enable?: boolean;
  builtIn?: number;
  iconColor?: string;
  datasource?: { type?: string; uid?: string } | null;
  target?: { type?: 'dashboard' | 'tags'; tags?: string[]; matchAny?: boolean; limit?: number };
  type?: string;
}

interface AnnotationItem {
  id: number;
  time: number;
  timeEnd: number;
  text: string;
  tags: string[];
  login: string;
  dashboardUID: string | null;
  data: unknown;
}

function isGrafanaAnnotations(query: AnnotationQuery): boolean {
  const uid = query.datasource?.uid;
  return query.datasource?.type === 'grafana' || uid === '-- Grafana --' || uid === 'grafana' || query.builtIn === 1;
}

/**
 * The annotation queries of a dashboard that use Grafana's own annotation store, run as Grafana's
 * annotations datasource does (public/app/plugins/datasource/grafana): the built-in query and `type: dashboard`
 * ask for this dashboard's annotations, `type: tags` for annotations with the tags (all, or any with
 * matchAny), always within the dashboard's range. Each becomes a frame with time, timeEnd, text, tags, color,
 * login and the annotation's data; panels receive them as `data.annotations`.
 */
export async function dashboardAnnotations(
  queries: AnnotationQuery[],
  dashboardUID: string,
  range: TimeRange
): Promise<DataFrame[]> {
  const frames: DataFrame[] = [];
  for (const query of queries.filter((candidate) => candidate.enable !== false && isGrafanaAnnotations(candidate))) {
    const target = query.target ?? { type: 'dashboard' };
    const params: Record<string, string | number | boolean | string[]> = {
      from: range.from.valueOf(),
      to: range.to.valueOf(),
      limit: target.limit ?? 100,
    };
    if (target.type === 'tags') {
      if (!target.tags || target.tags.length === 0) {
        continue;
      }
      params.tags = target.tags;
      params.matchAny = Boolean(target.matchAny);
      params.type = 'annotation';
    } else {
      params.dashboardUID = dashboardUID;
    }
    const items = await getBackendSrv().get<AnnotationItem[]>('/api/annotations', params, `annotations-${query.name}`, {
      showErrorAlert: false,
    });
    const frame = new MutableDataFrame({
      name: query.name,
      meta: { dataTopic: DataTopic.Annotations },
      fields: [
        { name: 'time', type: FieldType.time },
        { name: 'timeEnd', type: FieldType.time },
        { name: 'text', type: FieldType.string },
        { name: 'tags', type: FieldType.other },
        { name: 'color', type: FieldType.string },
        { name: 'id', type: FieldType.number },
        { name: 'login', type: FieldType.string },
        { name: 'data', type: FieldType.other },
      ],
    });
    for (const item of items) {
      frame.add({
        time: item.time,
        timeEnd: item.timeEnd,
        text: item.text,
        tags: item.tags,
        color: query.iconColor ?? 'rgba(0, 211, 255, 1)',
        id: item.id,
        login: item.login,
        data: item.data,
      });
    }
    frames.push(frame);
  }
  return frames;
}
