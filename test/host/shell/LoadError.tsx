import { Alert } from '@grafana/ui';

/** A plugin that failed to load, shown where it would have been. */
export function LoadError({ title, message }: { title: string; message: string }) {
  return (
    <div data-testid="host-error">
      <Alert severity="error" title={title}>
        {message}
      </Alert>
    </div>
  );
}
