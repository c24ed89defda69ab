import { AppEvents, urlUtil } from '@grafana/data';
import {
  type BackendSrv,
  type BackendSrvRequest,
  type FetchError,
  type FetchResponse,
  getAppEvents,
} from '@grafana/runtime';
import { lastValueFrom, map, Observable } from 'rxjs';

/** Requests to a datasource's proxy: Grafana leaves their errors to the datasource, without a toast. */
function isDataProxyUrl(url: string): boolean {
  return /(^|\/)api\/datasources\/proxy\//.test(url);
}

function withParams(url: string, params: BackendSrvRequest['params']): string {
  if (!params || Object.keys(params).length === 0) {
    return url;
  }
  const query = urlUtil.serializeParams(params);
  return query === '' ? url : `${url}${url.includes('?') ? '&' : '?'}${query}`;
}

/** Grafana's backend_srv sends objects as JSON and everything the Fetch API understands as it is. */
function requestBody(data: unknown): { body: BodyInit | undefined; json: boolean } {
  if (data === undefined || data === null) {
    return { body: undefined, json: false };
  }
  if (
    typeof data === 'string' ||
    data instanceof FormData ||
    data instanceof URLSearchParams ||
    data instanceof Blob ||
    data instanceof ArrayBuffer
  ) {
    return { body: data, json: false };
  }
  return { body: JSON.stringify(data), json: true };
}

async function readBody(response: Response, responseType: BackendSrvRequest['responseType']): Promise<unknown> {
  switch (responseType) {
    case 'text':
      return response.text();
    case 'blob':
      return response.blob();
    case 'arraybuffer':
      return response.arrayBuffer();
    default: {
      // Like Grafana's parser: JSON when it parses, the text otherwise (an empty body is undefined).
      const text = await response.text();
      if (text === '') {
        return undefined;
      }
      try {
        return JSON.parse(text);
      } catch {
        return text;
      }
    }
  }
}

function alertMessage(data: unknown, fallback: string): string {
  if (typeof data === 'object' && data !== null && 'message' in data && typeof data.message === 'string') {
    return data.message;
  }
  return fallback;
}

/**
 * The browser side of Grafana's backend_srv (public/app/core/services/backend_srv.ts): same request options,
 * `fetch` as an rxjs Observable of FetchResponse, FetchError for answers with a status of 400 and above, and
 * success/error toasts through appEvents as `showSuccessAlert` / `showErrorAlert` ask.
 */
export class HostBackendSrv implements BackendSrv {
  fetch<T>(options: BackendSrvRequest): Observable<FetchResponse<T>> {
    return new Observable<FetchResponse<T>>((subscriber) => {
      const controller = new AbortController();
      const abort = () => controller.abort();
      options.abortSignal?.addEventListener('abort', abort);
      this.send<T>(options, controller.signal).then(
        (response) => {
          subscriber.next(response);
          subscriber.complete();
        },
        (error: unknown) => subscriber.error(error)
      );
      return () => {
        options.abortSignal?.removeEventListener('abort', abort);
        controller.abort();
      };
    });
  }

  private async send<T>(options: BackendSrvRequest, signal: AbortSignal): Promise<FetchResponse<T>> {
    const method = (options.method ?? 'GET').toUpperCase();
    const { body, json } = requestBody(options.data);
    const headers: Record<string, string> = { 'X-Grafana-Org-Id': '1', ...(options.headers ?? {}) };
    if (json && !Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) {
      headers['Content-Type'] = 'application/json';
    }
    const url = withParams(options.url, options.params);
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers,
        body: method === 'GET' || method === 'HEAD' ? undefined : body,
        credentials: options.credentials ?? 'same-origin',
        signal,
      });
    } catch (cause) {
      const cancelled = signal.aborted;
      const error: FetchError = {
        status: cancelled ? -1 : 0,
        statusText: cancelled ? 'Request was aborted' : 'Network error',
        data: { message: cause instanceof Error ? cause.message : 'request failed' },
        cancelled,
        config: options,
      };
      throw error;
    }
    const data = (await readBody(response, options.responseType)) as T;
    if (!response.ok) {
      const error: FetchError = {
        status: response.status,
        statusText: response.statusText,
        data,
        message: alertMessage(data, response.statusText),
        config: options,
      };
      if (options.showErrorAlert === true || (options.showErrorAlert !== false && !isDataProxyUrl(options.url))) {
        getAppEvents().publish({
          type: AppEvents.alertError.name,
          payload: [alertMessage(data, `${response.status} ${response.statusText}`)],
        });
        error.isHandled = true;
      }
      throw error;
    }
    // As Grafana: a toast for the answer's `message`, by default only for writes to Grafana's own API.
    const successAlert =
      options.showSuccessAlert ?? (method !== 'GET' && !isDataProxyUrl(options.url) && options.url.startsWith('/'));
    const message = alertMessage(data, '');
    if (successAlert && message !== '') {
      getAppEvents().publish({ type: AppEvents.alertSuccess.name, payload: [message] });
    }
    return {
      data,
      status: response.status,
      statusText: response.statusText,
      ok: response.ok,
      headers: response.headers,
      redirected: response.redirected,
      type: response.type,
      url: response.url,
      config: options,
    };
  }

  async request<T = unknown>(options: BackendSrvRequest): Promise<T> {
    return (await lastValueFrom(this.fetch<T>(options))).data;
  }

  datasourceRequest<T = unknown>(options: BackendSrvRequest): Promise<FetchResponse<T>> {
    return lastValueFrom(this.fetch<T>(options));
  }

  get<T = unknown>(
    url: string,
    params?: BackendSrvRequest['params'],
    requestId?: string,
    options?: Partial<BackendSrvRequest>
  ) {
    return this.request<T>({ ...options, method: 'GET', url, params, requestId });
  }

  delete<T = unknown>(url: string, data?: unknown, options?: Partial<BackendSrvRequest>) {
    return this.request<T>({ ...options, method: 'DELETE', url, data });
  }

  post<T = unknown>(url: string, data?: unknown, options?: Partial<BackendSrvRequest>) {
    return this.request<T>({ ...options, method: 'POST', url, data });
  }

  patch<T = unknown>(url: string, data?: unknown, options?: Partial<BackendSrvRequest>) {
    return this.request<T>({ ...options, method: 'PATCH', url, data });
  }

  put<T = unknown>(url: string, data?: unknown, options?: Partial<BackendSrvRequest>) {
    return this.request<T>({ ...options, method: 'PUT', url, data });
  }

  /** The whole body as one chunk: the suite streams nothing, so the host does not model streaming. */
  chunked(options: BackendSrvRequest): Observable<FetchResponse<Uint8Array | undefined>> {
    return this.fetch<ArrayBuffer | undefined>({ ...options, responseType: 'arraybuffer' }).pipe(
      map((response) => ({ ...response, data: response.data ? new Uint8Array(response.data) : undefined }))
    );
  }
}
