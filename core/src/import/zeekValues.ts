/**
 * Zeek's value types (time, port, count, interval, addr, bool) parsed from the text a `ZeekRecord`
 * gives, strictly: a value that does not parse is an error naming the field, never a silent zero.
 */
import { formatIp, parseIp } from '../net/ipAddress';
import type { ZeekRecord } from './zeekLogReader';

/** A field that failed to parse; the message names the field and quotes the value. */
export class ZeekValueError extends Error {}

const EPOCH_SECONDS = /^(\d{1,12})(?:\.(\d{1,9}))?$/;
// Zeek's JSON writer with JSON::TS_ISO8601 writes `2024-03-01T08:00:00.123456Z`.
const ISO_TIME = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/;
const COUNT = /^\d{1,15}$/;
const REAL = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

function quoteValue(text: string): string {
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}...` : text);
}

function fail(kind: string, field: string, text: string): never {
  throw new ZeekValueError(`bad ${kind} ${quoteValue(text)} in ${field}`);
}

/** Seconds since the epoch (`1709280000.123456`) or ISO 8601 text, to nanoseconds without float rounding. */
export function parseZeekTime(text: string): bigint | undefined {
  const epoch = EPOCH_SECONDS.exec(text);
  if (epoch !== null) {
    // One integer from the digits: seconds, then the fraction padded to nanoseconds.
    return BigInt(epoch[1] + (epoch[2] ?? '').padEnd(9, '0'));
  }
  const iso = ISO_TIME.exec(text);
  if (iso !== null) {
    const wholeMs = Date.parse(`${iso[1]}${iso[3]}`);
    if (Number.isNaN(wholeMs)) {
      return undefined;
    }
    return BigInt(wholeMs) * 1_000_000n + fractionNs(iso[2]);
  }
  return undefined;
}

function fractionNs(digits: string | undefined): bigint {
  return digits === undefined ? 0n : BigInt(digits.padEnd(9, '0'));
}

/** A required time field. */
export function requireTime(record: ZeekRecord, field: string): bigint {
  const text = record.value(field);
  if (text === undefined) {
    throw new ZeekValueError(`missing ${field}`);
  }
  const ns = parseZeekTime(text);
  if (ns === undefined) {
    fail('timestamp', field, text);
  }
  return ns;
}

/** Address texts remembered with their canonical form; logs repeat a few thousand addresses millions of times. */
const canonicalAddresses = new Map<string, string>();
const CANONICAL_CACHE_LIMIT = 100_000;

/** A required address, in canonical text form so one host is always one tag value. */
export function requireAddress(record: ZeekRecord, field: string): string {
  const text = record.value(field);
  if (text === undefined) {
    throw new ZeekValueError(`missing ${field}`);
  }
  const known = canonicalAddresses.get(text);
  if (known !== undefined) {
    return known;
  }
  const address = parseIp(text);
  if (address === undefined) {
    fail('address', field, text);
  }
  const canonical = formatIp(address);
  if (canonicalAddresses.size >= CANONICAL_CACHE_LIMIT) {
    canonicalAddresses.clear();
  }
  canonicalAddresses.set(text, canonical);
  return canonical;
}

/** A required port number, 0 to 65535. Zeek's JSON writes ports as plain numbers, TSV too. */
export function requirePort(record: ZeekRecord, field: string): number {
  const text = record.value(field);
  if (text === undefined) {
    throw new ZeekValueError(`missing ${field}`);
  }
  const port = COUNT.test(text) ? Number(text) : NaN;
  if (!(port <= 65535)) {
    fail('port', field, text);
  }
  return port;
}

/** An optional non-negative integer (Zeek `count`); undefined when unset. */
export function optionalCount(record: ZeekRecord, field: string): number | undefined {
  const text = record.value(field);
  if (text === undefined) {
    return undefined;
  }
  if (!COUNT.test(text)) {
    fail('count', field, text);
  }
  return Number(text);
}

/** An optional number of seconds (Zeek `interval`); undefined when unset. */
export function optionalInterval(record: ZeekRecord, field: string): number | undefined {
  const text = record.value(field);
  if (text === undefined) {
    return undefined;
  }
  const value = REAL.test(text) ? Number(text) : NaN;
  if (!Number.isFinite(value) || value < 0) {
    fail('interval', field, text);
  }
  return value;
}

/** An optional Zeek `bool` (`T`/`F`; JSON booleans read as the same letters). */
export function optionalBool(record: ZeekRecord, field: string): boolean | undefined {
  const text = record.value(field);
  if (text === undefined) {
    return undefined;
  }
  if (text === 'T') {
    return true;
  }
  if (text === 'F') {
    return false;
  }
  return fail('bool', field, text);
}

/** The elements of an optional vector of counts; coil states written as `T`/`F` read as 1 and 0. */
export function optionalCounts(record: ZeekRecord, field: string): number[] | undefined {
  const items = record.list(field);
  if (items === undefined) {
    return undefined;
  }
  return items.map((item) => {
    if (item === 'T') {
      return 1;
    }
    if (item === 'F') {
      return 0;
    }
    if (!COUNT.test(item)) {
      fail('count', field, item);
    }
    return Number(item);
  });
}
