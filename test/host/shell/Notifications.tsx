import { css } from '@emotion/css';
import { AppEvents, type BusEventType, BusEventWithPayload, type GrafanaTheme2 } from '@grafana/data';
import { getAppEvents } from '@grafana/runtime';
import { Alert, useStyles2 } from '@grafana/ui';
import { useEffect, useState } from 'react';

interface Toast {
  id: number;
  severity: 'success' | 'error' | 'warning';
  text: string;
}

let nextId = 1;

// The legacy app events plugins publish as `{ type: 'alert-success', payload: [text] }`.
function legacyEvent(name: string): BusEventType<BusEventWithPayload<unknown>> {
  return class extends BusEventWithPayload<unknown> {
    static type = name;
  };
}

function textOf(payload: unknown): string {
  return Array.isArray(payload) ? payload.map(String).join(' ') : String(payload);
}

/** Grafana's notification list: the alert-success/-error/-warning app events as toasts, each for 10 s. */
export function Notifications() {
  const styles = useStyles2(getStyles);
  const [toasts, setToasts] = useState<Toast[]>([]);
  useEffect(() => {
    const bus = getAppEvents();
    const listen = (event: { name: string }, severity: Toast['severity']) =>
      bus.getStream(legacyEvent(event.name)).subscribe((published) => {
        const toast = { id: nextId++, severity, text: textOf(published.payload) };
        setToasts((current) => [...current, toast]);
        setTimeout(() => setToasts((current) => current.filter((item) => item.id !== toast.id)), 10_000);
      });
    const subscriptions = [
      listen(AppEvents.alertSuccess, 'success'),
      listen(AppEvents.alertError, 'error'),
      listen(AppEvents.alertWarning, 'warning'),
    ];
    return () => subscriptions.forEach((subscription) => subscription.unsubscribe());
  }, []);
  return (
    <div className={styles.list} data-testid="host-notifications">
      {toasts.map((toast) => (
        <Alert
          key={toast.id}
          severity={toast.severity}
          title={toast.text}
          onRemove={() => setToasts((current) => current.filter((item) => item.id !== toast.id))}
        />
      ))}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  list: css({
    position: 'fixed',
    top: theme.spacing(7),
    right: theme.spacing(2),
    width: 400,
    zIndex: theme.zIndex.portal,
  }),
});
