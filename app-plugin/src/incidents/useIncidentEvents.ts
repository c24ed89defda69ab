import type { IncidentEvent, IncidentEventBody } from '@conduit/core';
import { config } from '@grafana/runtime';
import { useCallback, useEffect, useRef, useState } from 'react';

import { appendIncidentEvent, type EventRead, newEventId, readIncidentEvents } from './incidentApi';

/** How often an open page reads again, so people working the same incident see each other's actions. */
export const REFRESH_MS = 10_000;

export interface IncidentEvents {
  read?: EventRead;
  /** When the first read is under way. */
  loading: boolean;
  error?: string;
  /** Appends an event made now by the signed-in user; resolves when Grafana has stored it. */
  append: (incident: string, body: IncidentEventBody, drill: boolean) => Promise<IncidentEvent>;
  reload: () => void;
}

/** The login Grafana will stamp on what the signed-in user posts. */
export function currentLogin(): string {
  return config.bootData?.user?.login ?? '';
}

/** Appends an event made now by the signed-in user; resolves with it once Grafana has stored it. */
export async function appendEventNow(
  incident: string,
  body: IncidentEventBody,
  drill: boolean
): Promise<IncidentEvent> {
  const event: IncidentEvent = { id: newEventId(), incident, time: Date.now(), user: currentLogin(), body };
  await appendIncidentEvent(event, drill);
  return event;
}

/** The events of one incident (or of all), read now and again every REFRESH_MS while the page is open. */
export function useIncidentEvents(incident?: string): IncidentEvents {
  const [read, setRead] = useState<EventRead>();
  const [error, setError] = useState<string>();
  const [generation, setGeneration] = useState(0);
  const latest = useRef(0);

  const reload = useCallback(() => setGeneration((value) => value + 1), []);

  useEffect(() => {
    const request = ++latest.current;
    readIncidentEvents(incident)
      .then((result) => {
        if (request === latest.current) {
          setRead(result);
          setError(undefined);
        }
      })
      .catch((failure: unknown) => {
        if (request === latest.current) {
          setError(failure instanceof Error ? failure.message : String(failure));
        }
      });
    const timer = setTimeout(reload, REFRESH_MS);
    return () => clearTimeout(timer);
  }, [incident, generation, reload]);

  const append = useCallback(
    async (target: string, body: IncidentEventBody, drill: boolean) => {
      const event = await appendEventNow(target, body, drill);
      // Shown at once; the next read replaces it with what Grafana stored (and stamped).
      setRead((previous) => previous && { ...previous, events: [...previous.events, event] });
      reload();
      return event;
    },
    [reload]
  );

  return { read, loading: read === undefined && error === undefined, error, append, reload };
}
