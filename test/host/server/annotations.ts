import type { HostUser } from './users';

/** An annotation as Grafana's GET /api/annotations returns it (pkg/services/annotations/models.go ItemDTO). */
export interface AnnotationItem {
  id: number;
  alertId: number;
  alertName: string;
  dashboardId: number;
  dashboardUID: string | null;
  panelId: number;
  userId: number;
  newState: string;
  prevState: string;
  created: number;
  updated: number;
  time: number;
  timeEnd: number;
  text: string;
  tags: string[];
  login: string;
  email: string;
  avatarUrl: string;
  data: unknown;
}

export interface AnnotationQuery {
  from?: number;
  to?: number;
  userId?: number;
  alertId?: number;
  dashboardId?: number;
  panelId?: number;
  tags: string[];
  type?: string;
  matchAny: boolean;
  limit?: number;
}

export type Outcome<T> = { ok: T } | { status: number; message: string };

interface Tag {
  key: string;
  value: string;
}

/** tag.ParseTagPairs: `key:value` splits at the first colon, both sides trimmed; a tag without one is a key. */
function parseTag(tag: string): Tag {
  const colon = tag.indexOf(':');
  return colon === -1
    ? { key: tag.trim(), value: '' }
    : { key: tag.slice(0, colon).trim(), value: tag.slice(colon + 1).trim() };
}

function joinTag(tag: Tag): string {
  return tag.value === '' ? tag.key : `${tag.key}:${tag.value}`;
}

function matchesTag(item: AnnotationItem, wanted: Tag): boolean {
  return item.tags
    .map(parseTag)
    .some((tag) => tag.key === wanted.key && (wanted.value === '' || tag.value === wanted.value));
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

function tagsOf(value: unknown): string[] | undefined {
  return Array.isArray(value) ? value.filter((tag): tag is string => typeof tag === 'string') : undefined;
}

/**
 * Grafana's annotation repository (pkg/services/annotations/annotationsimpl/xorm_store.go) in memory:
 * - add: the server stamps user, created and updated; `time` defaults to now; `timeEnd` defaults to `time`;
 *   a region given backwards is turned round; tags are normalised as `key:value` pairs.
 * - find: `from`/`to` select annotations overlapping the range (only when both are given), `type=alert` those of
 *   alert rules, `type=annotation` the others, `tags` all of them (or any, with `matchAny`), ordered by end
 *   then start time, newest first, at most `limit` (100 by default).
 * - the `data` JSON is stored and returned as it was posted.
 */
export class AnnotationStore {
  private items: AnnotationItem[] = [];
  private nextId = 1;

  constructor(private readonly dashboardUid: (id: number) => string | undefined) {}

  add(body: Record<string, unknown>, user: HostUser, dashboardId: number): Outcome<AnnotationItem> {
    const text = typeof body.text === 'string' ? body.text : '';
    if (text === '') {
      // pkg/api/annotations.go PostAnnotation.
      return { status: 400, message: 'Failed to save annotation' };
    }
    const now = Date.now();
    let time = numberOr(body.time, 0) || now;
    let timeEnd = numberOr(body.timeEnd, 0) || time;
    if (timeEnd < time) {
      [time, timeEnd] = [timeEnd, time];
    }
    const item: AnnotationItem = {
      id: this.nextId++,
      alertId: 0,
      alertName: '',
      dashboardId,
      dashboardUID: dashboardId === 0 ? null : (this.dashboardUid(dashboardId) ?? null),
      panelId: numberOr(body.panelId, 0),
      userId: user.id,
      newState: '',
      prevState: '',
      created: now,
      updated: now,
      time,
      timeEnd,
      text,
      tags: (tagsOf(body.tags) ?? []).map((tag) => joinTag(parseTag(tag))),
      login: user.login,
      email: user.email,
      avatarUrl: '',
      data: body.data ?? {},
    };
    this.items.push(item);
    return { ok: item };
  }

  get(id: number): AnnotationItem | undefined {
    return this.items.find((item) => item.id === id);
  }

  find(query: AnnotationQuery): AnnotationItem[] {
    const tags = query.tags.map(parseTag).filter((tag) => tag.key !== '');
    const matches = this.items.filter((item) => {
      if (query.alertId && item.alertId !== query.alertId) {
        return false;
      }
      if (query.dashboardId && item.dashboardId !== query.dashboardId) {
        return false;
      }
      if (query.panelId && item.panelId !== query.panelId) {
        return false;
      }
      if (query.userId && item.userId !== query.userId) {
        return false;
      }
      if (query.from && query.to && !(item.time <= query.to && item.timeEnd >= query.from)) {
        return false;
      }
      if (query.type === 'alert' && item.alertId === 0) {
        return false;
      }
      if (query.type === 'annotation' && item.alertId !== 0) {
        return false;
      }
      if (tags.length > 0) {
        const found = tags.filter((tag) => matchesTag(item, tag)).length;
        if (query.matchAny ? found === 0 : found !== tags.length) {
          return false;
        }
      }
      return true;
    });
    matches.sort((a, b) => b.timeEnd - a.timeEnd || b.time - a.time);
    return matches.slice(0, query.limit && query.limit > 0 ? query.limit : 100);
  }

  /**
   * PATCH (PatchAnnotation): only what is given changes: tags when present, text when not empty, time and timeEnd
   * when above zero, data when present. PUT (UpdateAnnotation) replaces text, tags and times.
   */
  update(id: number, body: Record<string, unknown>, replace: boolean): Outcome<AnnotationItem> {
    const item = this.get(id);
    if (!item) {
      return { status: 404, message: 'Annotation not found' };
    }
    const tags = tagsOf(body.tags);
    const text = typeof body.text === 'string' ? body.text : '';
    const time = numberOr(body.time, 0);
    const timeEnd = numberOr(body.timeEnd, 0);
    if (replace) {
      item.text = text;
      item.tags = (tags ?? []).map((tag) => joinTag(parseTag(tag)));
    } else {
      if (tags) {
        item.tags = tags.map((tag) => joinTag(parseTag(tag)));
      }
      if (text !== '') {
        item.text = text;
      }
    }
    if (time > 0) {
      item.time = time;
    }
    if (timeEnd > 0) {
      item.timeEnd = timeEnd;
    }
    if (item.timeEnd < item.time) {
      item.timeEnd = item.time;
    }
    if (body.data !== undefined) {
      item.data = body.data;
    }
    item.updated = Date.now();
    return { ok: item };
  }

  delete(id: number): boolean {
    const before = this.items.length;
    this.items = this.items.filter((item) => item.id !== id);
    return this.items.length < before;
  }
}
