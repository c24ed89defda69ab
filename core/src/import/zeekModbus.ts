/**
 * Modbus logs to `ot_operation` points: CISA ICSNPP's modbus_detailed.log and Zeek's own modbus.log.
 *
 * Three layouts exist in the field, told apart by their field names:
 * - ICSNPP since 2025 logs one record per transaction: `tid unit func address quantity request_values
 *   response_values matched ... exception_code`. One record is one point.
 * - ICSNPP 2023-2025 logs one record per message: `is_orig source_h ... tid unit func request_response
 *   address quantity values`, an exception response carrying the exception name in `values`.
 * - Zeek's modbus.log logs one record per message too: `tid unit func pdu_type exception`.
 * For the per-message layouts a response is folded into its request's point (same connection,
 * transaction and function), so one operation is one point; pending requests are held in a bounded map
 * and written unanswered once they are older than a minute of log time or the map is full.
 *
 * Modbus/TCP clients open the connection, so the connection originator is always the requester: points
 * run from `id.orig_h` to `id.resp_h` whichever direction a message went.
 */
import type { TelemetryPoint } from '../telemetryContract';
import { operationTags, type AttributeAddress } from './addressAttribution';
import { modbusFunctionName, modbusOperation, parseModbusException, parseModbusFunction } from './modbusFunction';
import type { ZeekRecord } from './zeekLogReader';
import {
  ZeekValueError,
  numberText,
  optionalBool,
  optionalCount,
  optionalFirstCount,
  requireAddress,
  requirePort,
  requireTime,
} from './zeekValues';

export const MODBUS_REQUIRED_FIELDS: readonly string[] = [
  'ts',
  'id.orig_h',
  'id.orig_p',
  'id.resp_h',
  'id.resp_p',
  'func',
];

/** Result values written in `result`: a response came back, an exception came back, nothing came back. */
export type ModbusResult = 'ok' | 'exception' | 'unanswered';

/** How long (log time) a request waits for its response before it is written unanswered. */
export const MODBUS_RESPONSE_WINDOW_NS = 60_000_000_000n;
/** Requests held at most; beyond it the oldest is written unanswered. Keeps memory flat on huge logs. */
export const MODBUS_MAX_PENDING = 10_000;

interface Operation {
  timestampNs: bigint;
  srcIp: string;
  dstIp: string;
  unit?: number;
  code: number;
  /** The logged message was an exception response. */
  exception: boolean;
  name: string;
  address?: number;
  quantity?: number;
  requestValue?: number;
  responseValue?: number;
  result?: ModbusResult;
  exceptionCode?: number;
  detail?: string;
}

type Direction = 'request' | 'response' | undefined;

export interface ModbusConverter {
  /** Converts one record, emitting zero or more points; returns the reason when the record is malformed. */
  convert(record: ZeekRecord, emit: (point: TelemetryPoint) => void): string | undefined;
  /** Writes every request still waiting for its response. */
  finish(emit: (point: TelemetryPoint) => void): void;
  /** Response records folded into their request's point so far. */
  readonly merged: number;
}

export function createModbusConverter(attribute: AttributeAddress): ModbusConverter {
  const pending = new Map<string, Operation>();
  let merged = 0;

  function toPoint(op: Operation): TelemetryPoint {
    const fields: TelemetryPoint['fields'] = {};
    if (op.unit !== undefined) {
      fields.unit_id = op.unit;
    }
    if (op.address !== undefined) {
      fields.address = op.address;
    }
    if (op.quantity !== undefined) {
      fields.quantity = op.quantity;
    }
    // A write's value is what was written; a read's is what came back.
    const operation = modbusOperation(op.code);
    const value = operation === 'read' ? op.responseValue : (op.requestValue ?? op.responseValue);
    if (value !== undefined) {
      fields.value = value;
    }
    if (op.result !== undefined) {
      fields.result = op.result;
    }
    if (op.exceptionCode !== undefined) {
      fields.exception_code = op.exceptionCode;
    }
    fields.detail = op.detail === undefined ? op.name : `${op.name} ${op.detail}`;
    const tags = operationTags(attribute, op.srcIp, op.dstIp, 'modbus', operation, numberText(op.code));
    return { measurement: 'ot_operation', tags, fields, timestampNs: op.timestampNs };
  }

  function expire(now: bigint, emit: (point: TelemetryPoint) => void): void {
    for (const [key, op] of pending) {
      if (pending.size <= MODBUS_MAX_PENDING && op.timestampNs >= now - MODBUS_RESPONSE_WINDOW_NS) {
        break;
      }
      pending.delete(key);
      op.result ??= 'unanswered';
      emit(toPoint(op));
    }
  }

  return {
    get merged() {
      return merged;
    },
    convert(record, emit) {
      let parsed: { op: Operation; direction: Direction; transactionKey: string };
      try {
        if (isTransactionLayout(record)) {
          emit(toPoint(readTransaction(record)));
          return undefined;
        }
        parsed = readMessage(record);
      } catch (error) {
        if (error instanceof ZeekValueError) {
          return error.message;
        }
        throw error;
      }
      const { op, direction, transactionKey } = parsed;
      if (direction === undefined) {
        emit(toPoint(op));
        return undefined;
      }
      if (direction === 'request') {
        const earlier = pending.get(transactionKey);
        if (earlier !== undefined) {
          // The same transaction id reused before any response came: the earlier request went unanswered.
          pending.delete(transactionKey);
          earlier.result = 'unanswered';
          emit(toPoint(earlier));
        }
        pending.set(transactionKey, op);
      } else {
        const request = pending.get(transactionKey);
        if (request === undefined) {
          // A response whose request the log does not hold (capture started mid-transaction).
          emit(toPoint(op));
        } else {
          pending.delete(transactionKey);
          merged++;
          request.result = op.result;
          request.exceptionCode = op.exceptionCode;
          request.responseValue = op.responseValue;
          request.address ??= op.address;
          request.quantity ??= op.quantity;
          emit(toPoint(request));
        }
      }
      expire(op.timestampNs, emit);
      return undefined;
    },
    finish(emit) {
      for (const op of pending.values()) {
        op.result ??= 'unanswered';
        emit(toPoint(op));
      }
      pending.clear();
    },
  };
}

/** ICSNPP's layout since 2025, one record per transaction, told by the fields only it has. */
function isTransactionLayout(record: ZeekRecord): boolean {
  return (
    record.has('request_values') ||
    record.has('response_values') ||
    record.has('matched') ||
    record.has('exception_code')
  );
}

/** What every layout's record says: when, between whom, which function, and where in the device. */
function readOperation(record: ZeekRecord): Operation {
  const timestampNs = requireTime(record, 'ts');
  const srcIp = requireAddress(record, 'id.orig_h');
  requirePort(record, 'id.orig_p');
  const dstIp = requireAddress(record, 'id.resp_h');
  requirePort(record, 'id.resp_p');
  const funcText = record.value('func');
  if (funcText === undefined) {
    throw new ZeekValueError('missing func');
  }
  const func = parseModbusFunction(funcText);
  if (func === undefined) {
    throw new ZeekValueError(`unknown Modbus function "${funcText}" in func`);
  }
  return {
    timestampNs,
    srcIp,
    dstIp,
    // ICSNPP names the unit `unit`; some schemas derived from it say `unit_id`.
    unit: optionalCount(record, 'unit') ?? optionalCount(record, 'unit_id'),
    code: func.code,
    exception: func.exception,
    name: modbusFunctionName(func.code),
    address: optionalCount(record, 'address'),
    quantity: optionalCount(record, 'quantity'),
    // Set as the record says; present from the start so every operation has one shape.
    requestValue: undefined,
    responseValue: undefined,
    result: undefined,
    exceptionCode: undefined,
    detail: undefined,
  };
}

/** A record of the transaction layout: request and response in one, so one point. */
function readTransaction(record: ZeekRecord): Operation {
  const op = readOperation(record);
  op.requestValue = optionalFirstCount(record, 'request_values');
  op.responseValue = optionalFirstCount(record, 'response_values');
  const exceptionText = record.value('exception_code');
  const matched = optionalBool(record, 'matched');
  if (exceptionText !== undefined || op.exception) {
    op.result = 'exception';
    op.exceptionCode = exceptionText === undefined ? undefined : requireException(exceptionText, 'exception_code');
  } else if (matched !== undefined) {
    op.result = matched ? 'ok' : 'unanswered';
  }
  const subfunction = record.value('request_subfunction_code') ?? record.value('mei_type');
  if (subfunction !== undefined && subfunction !== '') {
    op.detail = subfunction;
  }
  return op;
}

/**
 * A record of a per-message layout: a request, or a response to fold into it (matched by connection, transaction,
 * unit and function), or, when the log does not say which, an operation of its own (no direction).
 */
function readMessage(record: ZeekRecord): { op: Operation; direction: Direction; transactionKey: string } {
  const op = readOperation(record);
  const tid = optionalCount(record, 'tid');
  const transactionKey = `${record.value('uid') ?? `${op.srcIp}|${op.dstIp}`}|${tid ?? ''}|${op.unit ?? ''}|${op.code}`;
  const direction = messageDirection(record);
  // ICSNPP's per-message layout: `values` holds register or coil values, or the exception's name.
  const valuesText = record.value('values');
  const exceptionText = record.value('exception') ?? (op.exception ? valuesText : undefined);
  if (op.exception) {
    op.result = 'exception';
    if (exceptionText !== undefined) {
      op.exceptionCode = requireException(
        exceptionText,
        record.value('exception') === undefined ? 'values' : 'exception'
      );
    }
  } else if (direction === 'response') {
    op.result = 'ok';
  }
  if (!op.exception && valuesText !== undefined) {
    const first = firstNumericValue(record);
    if (direction === 'response') {
      op.responseValue = first;
    } else {
      op.requestValue = first;
    }
  }
  return { op, direction, transactionKey };
}

function requireException(text: string, field: string): number {
  const code = parseModbusException(text);
  if (code === undefined) {
    throw new ZeekValueError(`unknown Modbus exception "${text}" in ${field}`);
  }
  return code;
}

/** The first element of ICSNPP's free-text `values`, when it is a number or a coil state. */
function firstNumericValue(record: ZeekRecord): number | undefined {
  const first = record.list('values')?.[0];
  if (first === undefined) {
    return undefined;
  }
  if (first === 'T' || first === 'F') {
    return first === 'T' ? 1 : 0;
  }
  // Other text (`see modbus_mask_write_register.log`) points elsewhere and carries no value.
  return /^\d{1,15}$/.test(first) ? Number(first) : undefined;
}

function messageDirection(record: ZeekRecord): Direction {
  const text = record.value('request_response') ?? record.value('network_direction') ?? record.value('pdu_type');
  if (text !== undefined) {
    const upper = text.toUpperCase();
    if (upper === 'REQUEST' || upper === 'REQ') {
      return 'request';
    }
    if (upper === 'RESPONSE' || upper === 'RESP') {
      return 'response';
    }
    throw new ZeekValueError(`bad message direction "${text}"`);
  }
  const isOrig = optionalBool(record, 'is_orig');
  return isOrig === undefined ? undefined : isOrig ? 'request' : 'response';
}
