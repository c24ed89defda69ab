import { getBackendSrv, isFetchError } from '@grafana/runtime';
import { lastValueFrom } from 'rxjs';

import { ApiError, type GrafanaClient, type Method } from './applyRules';

/** Grafana's answer to a refused request names the reason in `message` (or `error`, as InfluxDB does). */
export function errorMessage(data: unknown, fallback: string): string {
  if (typeof data === 'object' && data !== null) {
    const { message, error } = data as { message?: unknown; error?: unknown };
    if (typeof message === 'string' && message !== '') {
      return message;
    }
    if (typeof error === 'string' && error !== '') {
      return error;
    }
  }
  return typeof data === 'string' && data.trim() !== '' ? data.trim() : fallback;
}

/** The signed-in user's session with Grafana's API; the page reports refusals itself, so no toasts. */
export const grafanaClient: GrafanaClient = {
  async request<T>(method: Method, url: string, body?: unknown): Promise<T> {
    try {
      const response = await lastValueFrom(
        getBackendSrv().fetch<T>({ method, url, data: body, showErrorAlert: false, showSuccessAlert: false })
      );
      return response.data;
    } catch (failure) {
      if (isFetchError(failure)) {
        throw new ApiError(
          errorMessage(failure.data, `${failure.status} ${failure.statusText ?? ''}`.trim()),
          failure.status
        );
      }
      throw failure;
    }
  },
};
