/**
 * Modbus function codes: the names Zeek's analyzer logs them under, and the normalised operation each
 * performs in the telemetry contract.
 *
 * Operations: 1-4 and the file/FIFO reads (20, 24) read; 5, 6, 15, 16, 21 (write file record),
 * 22 (mask write) and 23 (read/write multiple, which writes) write; 7, 8, 11, 12, 17 and 43 (device
 * identification) are diagnostics, as are the legacy polls (10, 14), 19 (reset comm link) and 127.
 * The vendor programming functions (9, 13, 18, 40 Concept, 90 Unity/UMAS, 126) carry program transfers
 * and controller commands that the function code alone cannot tell apart; they are reported as
 * `program_download`, the riskiest reading, so a conduit check errs towards flagging them. 125 is
 * firmware replacement. Anything else (41, 91, unassigned codes) is `unknown`: no allow-list lists it.
 */
import { TextMemo } from '../text/textMemo';
import { UNKNOWN, type OtOperation } from '../telemetryContract';

/** Zeek's names (base/protocols/modbus/consts.zeek), by code. */
const FUNCTION_NAMES: ReadonlyArray<readonly [number, string]> = [
  [1, 'READ_COILS'],
  [2, 'READ_DISCRETE_INPUTS'],
  [3, 'READ_HOLDING_REGISTERS'],
  [4, 'READ_INPUT_REGISTERS'],
  [5, 'WRITE_SINGLE_COIL'],
  [6, 'WRITE_SINGLE_REGISTER'],
  [7, 'READ_EXCEPTION_STATUS'],
  [8, 'DIAGNOSTICS'],
  [9, 'PROGRAM_484'],
  [10, 'POLL_484'],
  [11, 'GET_COMM_EVENT_COUNTER'],
  [12, 'GET_COMM_EVENT_LOG'],
  [13, 'PROGRAM_584_984'],
  [14, 'POLL_584_984'],
  [15, 'WRITE_MULTIPLE_COILS'],
  [16, 'WRITE_MULTIPLE_REGISTERS'],
  [17, 'REPORT_SLAVE_ID'],
  [18, 'PROGRAM_884_U84'],
  [19, 'RESET_COMM_LINK_884_U84'],
  [20, 'READ_FILE_RECORD'],
  [21, 'WRITE_FILE_RECORD'],
  [22, 'MASK_WRITE_REGISTER'],
  [23, 'READ_WRITE_MULTIPLE_REGISTERS'],
  [24, 'READ_FIFO_QUEUE'],
  [40, 'PROGRAM_CONCEPT'],
  [41, 'MULTIPLE_FUNCTION_CODES'],
  [43, 'ENCAP_INTERFACE_TRANSPORT'],
  [90, 'PROGRAM_UNITY'],
  [91, 'OBJECT_MESSAGING'],
  [125, 'FIRMWARE_REPLACEMENT'],
  [126, 'PROGRAM_584_984_2'],
  [127, 'REPORT_LOCAL_ADDRESS'],
];

const CODE_BY_NAME = new Map(FUNCTION_NAMES.map(([code, name]) => [name, code]));
const NAME_BY_CODE = new Map(FUNCTION_NAMES.map(([code, name]) => [code, name]));

const OPERATION_BY_CODE = new Map<number, OtOperation>([
  ...[1, 2, 3, 4, 20, 24].map((c) => [c, 'read'] as const),
  ...[5, 6, 15, 16, 21, 22, 23].map((c) => [c, 'write'] as const),
  ...[7, 8, 10, 11, 12, 14, 17, 19, 43, 127].map((c) => [c, 'diagnostic'] as const),
  ...[9, 13, 18, 40, 90, 126].map((c) => [c, 'program_download'] as const),
  [125, 'firmware_update'],
]);

/** Zeek's exception names (consts.zeek), by exception code. */
const EXCEPTION_CODES = new Map<string, number>([
  ['ILLEGAL_FUNCTION', 1],
  ['ILLEGAL_DATA_ADDRESS', 2],
  ['ILLEGAL_DATA_VALUE', 3],
  ['SLAVE_DEVICE_FAILURE', 4],
  ['ACKNOWLEDGE', 5],
  ['SLAVE_DEVICE_BUSY', 6],
  ['MEMORY_PARITY_ERROR', 8],
  ['GATEWAY_PATH_UNAVAILABLE', 10],
  ['GATEWAY_TARGET_DEVICE_FAILED_TO_RESPOND', 11],
]);

const EXCEPTION_SUFFIX = '_EXCEPTION';
const EXCEPTION_BIT = 0x80;

export interface ModbusFunction {
  /** The request's function code, 0-127 (an exception response's code with the high bit cleared). */
  code: number;
  /** True when the logged message was an exception response. */
  exception: boolean;
}

/** A log names a few dozen functions at most, each on many lines: each spelling is read once. */
const FUNCTION_BY_TEXT = new TextMemo<ModbusFunction | undefined>((text) => {
  const read = readModbusFunction(text);
  return read === undefined ? undefined : Object.freeze(read);
}, 4096);

/**
 * Reads a logged function: a Zeek name (`WRITE_SINGLE_REGISTER`, `READ_COILS_EXCEPTION`, `unknown-65`)
 * or a decimal code. Undefined when it is neither.
 */
export function parseModbusFunction(text: string): ModbusFunction | undefined {
  return FUNCTION_BY_TEXT.get(text);
}

function readModbusFunction(text: string): ModbusFunction | undefined {
  if (/^\d{1,3}$/.test(text)) {
    return fromCode(Number(text));
  }
  const unknown = /^unknown-(\d{1,3})$/.exec(text);
  if (unknown !== null) {
    return fromCode(Number(unknown[1]));
  }
  const exception = text.endsWith(EXCEPTION_SUFFIX);
  const name = exception ? text.slice(0, -EXCEPTION_SUFFIX.length) : text;
  const code = CODE_BY_NAME.get(name);
  return code === undefined ? undefined : { code, exception };
}

function fromCode(code: number): ModbusFunction | undefined {
  if (code > 255) {
    return undefined;
  }
  // Zeek logs an exception to a function it has no name for as `unknown-<code | 0x80>`.
  return code >= EXCEPTION_BIT ? { code: code - EXCEPTION_BIT, exception: true } : { code, exception: false };
}

/** The contract's operation for a function code, `unknown` for codes with no known meaning. */
export function modbusOperation(code: number): OtOperation | typeof UNKNOWN {
  return OPERATIONS[code] ?? UNKNOWN;
}

/** Every function code's operation, by code (0 to 255), looked up on every record. */
const OPERATIONS: ReadonlyArray<OtOperation | typeof UNKNOWN> = Array.from(
  { length: 256 },
  (_, code) => OPERATION_BY_CODE.get(code) ?? UNKNOWN
);

/** Every function code's name, made once (codes are 0 to 255). */
const NAMES: readonly string[] = Array.from({ length: 256 }, (_, code) => NAME_BY_CODE.get(code) ?? `unknown-${code}`);

/** Zeek's name for a function code, `unknown-<code>` as Zeek writes it for the rest. */
export function modbusFunctionName(code: number): string {
  return NAMES[code] ?? `unknown-${code}`;
}

/** An exception code from Zeek's name for it (`ILLEGAL_DATA_ADDRESS`, `unknown-12`) or a number. */
export function parseModbusException(text: string): number | undefined {
  const known = EXCEPTION_CODES.get(text);
  if (known !== undefined) {
    return known;
  }
  const match = /^(?:unknown-)?(\d{1,3})$/.exec(text) ?? /^0x([0-9a-fA-F]{1,2})$/.exec(text);
  if (match === null) {
    return undefined;
  }
  const value = text.startsWith('0x') ? parseInt(match[1], 16) : Number(match[1]);
  return value <= 255 ? value : undefined;
}
