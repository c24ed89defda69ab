/**
 * Zeek's value types (time, port, count, interval, addr, bool) parsed from the text a `ZeekRecord`
 * gives, strictly: a value that does not parse is an error naming the field, never a silent zero.
 */
import { formatIp, parseIp } from '../net/ipAddress';
import { TextMemo } from '../text/textMemo';
import type { ZeekRecord } from './zeekLogReader';

/** A field that failed to parse; the message names the field and quotes the value. */
export class ZeekValueError extends Error {}

// Zeek's JSON writer with JSON::TS_ISO8601 writes `2024-03-01T08:00:00.123456Z`.
const ISO_TIME = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/;
const REAL = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/** Whether the character code is an ASCII digit. */
function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/**
 * A Zeek `count` (1 to 15 digits, so exact as a double) read digit by digit, or NaN: every log line carries
 * several, so no pattern match and no second parse.
 */
export function parseCount(text: string): number {
  return countBetween(text, 0, text.length);
}

/** `parseCount` of the text from `start` to `end`, read where it is. */
export function countBetween(text: string, start: number, end: number): number {
  if (end <= start || end - start > 15) {
    return NaN;
  }
  let value = 0;
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    if (!isDigit(code)) {
      return NaN;
    }
    value = value * 10 + (code - 48);
  }
  return value;
}

/** Digits with at most one `.` between digits (`0.000512`, `12`): what Zeek writes for intervals. */
function isPlainDecimal(text: string): boolean {
  let dot = -1;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 46 && dot < 0) {
      dot = i;
    } else if (!isDigit(code)) {
      return false;
    }
  }
  return text.length > 0 && dot !== 0 && dot !== text.length - 1;
}

/** What a fraction of so many digits is multiplied by to give nanoseconds (a table: a power per line is slow). */
const TO_NANOSECONDS = [1e9, 1e8, 1e7, 1e6, 1e5, 1e4, 1e3, 100, 10, 1];

/**
 * Epoch seconds (1 to 12 digits, then optionally `.` and 1 to 9 digits) in nanoseconds, from the text between
 * `start` and `end`, or undefined.
 */
export function epochNsBetween(text: string, start: number, end: number): bigint | undefined {
  // One pass over the characters, no call per part: every record has a time.
  let seconds = 0;
  let at = start;
  for (; at < end; at++) {
    const code = text.charCodeAt(at);
    if (!isDigit(code)) {
      break;
    }
    seconds = seconds * 10 + (code - 48);
  }
  if (at === start || at - start > 12) {
    return undefined;
  }
  let fraction = 0;
  if (at < end) {
    if (text.charCodeAt(at) !== 46) {
      return undefined;
    }
    const fractionStart = at + 1;
    const fractionDigits = end - fractionStart;
    if (fractionDigits < 1 || fractionDigits > 9) {
      return undefined;
    }
    for (at = fractionStart; at < end; at++) {
      const code = text.charCodeAt(at);
      if (!isDigit(code)) {
        return undefined;
      }
      fraction = fraction * 10 + (code - 48);
    }
    fraction *= TO_NANOSECONDS[fractionDigits];
  }
  // Both parts are exact as doubles (under 10^12 and under 10^9); only their combination needs a BigInt.
  // Lines of one second follow one another: the second's nanoseconds are made once.
  if (seconds !== lastSeconds) {
    lastSeconds = seconds;
    lastSecondNs = BigInt(seconds) * 1_000_000_000n;
  }
  return lastSecondNs + BigInt(fraction);
}

let lastSeconds = -1;
let lastSecondNs = 0n;

function quoteValue(text: string): string {
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}...` : text);
}

function fail(kind: string, field: string, text: string): never {
  throw new ZeekValueError(`bad ${kind} ${quoteValue(text)} in ${field}`);
}

/** Seconds since the epoch (`1709280000.123456`) or ISO 8601 text, to nanoseconds without float rounding. */
export function parseZeekTime(text: string): bigint | undefined {
  const epoch = epochNsBetween(text, 0, text.length);
  if (epoch !== undefined) {
    return epoch;
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
  const ns = record.time(field);
  if (ns === undefined) {
    throw new ZeekValueError(`missing ${field}`);
  }
  if (ns === null) {
    fail('timestamp', field, record.value(field) ?? '');
  }
  return ns;
}

/** Address texts with their canonical form (undefined when not an address); logs repeat a few thousand addresses. */
const canonicalAddresses = new TextMemo<string | undefined>((text) => {
  const address = parseIp(text);
  return address === undefined ? undefined : formatIp(address);
}, 100_000);

/** A required address, in canonical text form so one host is always one tag value. */
export function requireAddress(record: ZeekRecord, field: string): string {
  const text = record.value(field);
  if (text === undefined) {
    throw new ZeekValueError(`missing ${field}`);
  }
  const canonical = canonicalAddresses.get(text);
  if (canonical === undefined) {
    fail('address', field, text);
  }
  return canonical;
}

/** A required port number, 0 to 65535. Zeek's JSON writes ports as plain numbers, TSV too. */
export function requirePort(record: ZeekRecord, field: string): number {
  const port = record.count(field);
  if (port === undefined) {
    throw new ZeekValueError(`missing ${field}`);
  }
  if (!(port <= 65535)) {
    fail('port', field, record.value(field) ?? '');
  }
  return port;
}

/**
 * The text of a port or code (0 to 65535), made once per number: tag values that repeat on every line are then
 * one string, not a new one per line.
 */
const NUMBER_TEXTS: string[] = [];

export function numberText(value: number): string {
  return value >= 0 && value <= 65535 && Number.isInteger(value)
    ? (NUMBER_TEXTS[value] ??= String(value))
    : String(value);
}

/** An optional non-negative integer (Zeek `count`); undefined when unset. */
export function optionalCount(record: ZeekRecord, field: string): number | undefined {
  const count = record.count(field);
  if (count !== undefined && Number.isNaN(count)) {
    fail('count', field, record.value(field) ?? '');
  }
  return count;
}

/** An optional number of seconds (Zeek `interval`); undefined when unset. */
export function optionalInterval(record: ZeekRecord, field: string): number | undefined {
  const text = record.value(field);
  if (text === undefined) {
    return undefined;
  }
  const value = isPlainDecimal(text) || REAL.test(text) ? Number(text) : NaN;
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

/** An element of a vector of counts, from `start` to `end` of the text: a count, or a coil state (`T` 1, `F` 0). */
export function countItemBetween(text: string, start: number, end: number): number {
  if (end - start === 1) {
    const code = text.charCodeAt(start);
    if (code === 84) {
      return 1;
    }
    if (code === 70) {
      return 0;
    }
  }
  return countBetween(text, start, end);
}

/**
 * The first element of an optional vector of counts, every element checked; coil states written as `T`/`F` read
 * as 1 and 0. Undefined when unset or empty.
 */
export function optionalFirstCount(record: ZeekRecord, field: string): number | undefined {
  const first = record.firstCount(field);
  if (first !== undefined && Number.isNaN(first)) {
    const bad = record.list(field)?.find((item) => Number.isNaN(countItemBetween(item, 0, item.length)));
    fail('count', field, bad ?? '');
  }
  return first;
}
