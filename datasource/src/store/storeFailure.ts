/**
 * Why a request to a store failed, in words an admin can act on. The browser never talks to the store: it sees
 * only what Grafana's data proxy answers, so the wording follows the proxy's contract (pkg/api/pluginproxy and
 * proxyutil's error handler): 502 Bad Gateway when the store could not be reached (refused, down, wrong host),
 * 504 Gateway Timeout when it did not answer in time, and otherwise the store's own status and body, which for
 * InfluxDB 1.x is JSON `{"error": "..."}`.
 */
import { isFetchError } from '@grafana/runtime';

const MAX_DETAIL = 240;

function detailOf(data: unknown): string {
  let value: unknown = data;
  if (typeof data === 'string') {
    try {
      value = JSON.parse(data);
    } catch {
      // Not JSON: an HTML error page or plain text; say what it says without the markup.
      value = data
        .replace(/<[^>]*>/g, ' ')
        .replace(/\s+/g, ' ')
        .trim();
    }
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const record = value as Record<string, unknown>;
    const said = [record.error, record.message].find((v): v is string => typeof v === 'string' && v.trim() !== '');
    return said === undefined ? '' : said.trim().slice(0, MAX_DETAIL);
  }
  return typeof value === 'string' ? value.slice(0, MAX_DETAIL) : '';
}

function statusText(status: number, text: string | undefined): string {
  return text !== undefined && text !== '' ? `HTTP ${status} ${text}` : `HTTP ${status}`;
}

/** A message for a failed HTTP exchange, given what the proxy answered. */
export function describeHttpFailure(status: number, text: string | undefined, body: unknown): string {
  const detail = detailOf(body);
  const said = detail === '' ? '' : `: ${detail}`;
  switch (status) {
    case 502:
      return `Grafana's data proxy could not reach the store (${statusText(status, text ?? 'Bad Gateway')}${said}): it is down, refuses connections, or the URL is wrong`;
    case 504:
      return `the store did not answer in time (${statusText(status, text ?? 'Gateway Timeout')} from Grafana's data proxy)`;
    case 401:
      return `the store refused the credentials (${statusText(status, text)}${said}): check the user and password, or the token`;
    case 403:
      return `access denied (${statusText(status, text)}${said})`;
    case 404:
      return `nothing answers at this address (${statusText(status, text)}${said}): check the URL; InfluxDB 1.x answers on /query`;
    default:
      return `${statusText(status, text)}${said}`;
  }
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && error.name === 'TimeoutError';
}

/**
 * A message for whatever a request raised: a fetch error from Grafana's backend service, a timeout of the
 * datasource's own clock, or anything else. Never throws.
 */
export function describeStoreFailure(error: unknown, timeoutMs: number): string {
  if (isTimeout(error)) {
    return `no answer within ${Math.round(timeoutMs / 1000)} s (the store's timeout setting)`;
  }
  if (isFetchError(error)) {
    if (error.cancelled === true || error.status === -1) {
      return 'the request was cancelled';
    }
    if (typeof error.status !== 'number' || error.status <= 0) {
      return `Grafana did not answer (network error${error.message ? `: ${error.message}` : ''})`;
    }
    return describeHttpFailure(error.status, error.statusText, error.data);
  }
  if (error instanceof Error) {
    return error.message;
  }
  return typeof error === 'string' ? error : 'the request failed';
}
