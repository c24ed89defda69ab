import { Alert } from '@grafana/ui';
import { Component, type ErrorInfo, type ReactNode } from 'react';

import { reportHostError } from './hostErrors';

interface Props {
  /** What failed, as the error message and the test report will name it. */
  context: string;
  children: ReactNode;
}

interface State {
  message?: string;
}

/** Shows a render failure in place (as Grafana's panel and page error boundaries do) and records it. */
export class HostErrorBoundary extends Component<Props, State> {
  override state: State = {};

  static getDerivedStateFromError(error: unknown): State {
    return { message: error instanceof Error ? error.message : String(error) };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    reportHostError(`${this.props.context} failed to render`, error);
    if (info.componentStack) {
      console.error(info.componentStack);
    }
  }

  override render(): ReactNode {
    if (this.state.message !== undefined) {
      return (
        <div data-testid="host-error">
          <Alert severity="error" title={`${this.props.context} failed to render`}>
            {this.state.message}
          </Alert>
        </div>
      );
    }
    return this.props.children;
  }
}
