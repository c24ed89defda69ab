/**
 * The industrial protocols beyond Modbus, from the logs Zeek and CISA's ICSNPP parsers write, to `ot_operation`
 * points: DNP3 (Zeek's dnp3.log, ICSNPP's dnp3_control.log and dnp3_objects.log), S7comm (s7comm.log,
 * s7comm_plus.log), EtherNet/IP and CIP (enip.log, cip.log), BACnet (bacnet.log) and OPC UA binary
 * (opcua_binary.log).
 *
 * These logs write one record per message. A request becomes one point, from the connection's originator (the
 * client: the DNP3 master, the S7 or CIP client, the OPC UA client) to its responder; a response is folded into
 * its request (counted, not written); session housekeeping that performs no operation (an OPC UA hello, an
 * EtherNet/IP session registration) is skipped. Each protocol's functions map to the contract's operations
 * (docs/data-contract.md); a function the table does not know is `unknown`, so a conduit that allows only reads
 * still flags it.
 */
import { TextMemo } from '../text/textMemo';
import type { OtOperation, TelemetryPoint } from '../telemetryContract';
import { operationTags, type AttributeAddress } from './addressAttribution';
import type { ZeekRecord } from './zeekLogReader';
import { optionalBool, optionalCount, requireAddress, requireTime, ZeekValueError } from './zeekValues';

export const ICS_PROTOCOL_KINDS = ['dnp3', 's7comm', 'enip', 'bacnet', 'opcua'] as const;
export type IcsProtocolKind = (typeof ICS_PROTOCOL_KINDS)[number];

/** The `#path` (TSV) or `_path` (JSON) of each log, and the protocol it carries. */
export const ICS_LOG_PATHS: Record<string, IcsProtocolKind> = {
  dnp3: 'dnp3',
  dnp3_control: 'dnp3',
  dnp3_objects: 'dnp3',
  dnp3_read_objects: 'dnp3',
  s7comm: 's7comm',
  s7comm_plus: 's7comm',
  enip: 'enip',
  cip: 'enip',
  bacnet: 'bacnet',
  opcua_binary: 'opcua',
  'opcua-binary': 'opcua',
};

export const ICS_REQUIRED_FIELDS: readonly string[] = ['ts', 'id.orig_h', 'id.resp_h'];

type Operation = OtOperation | 'unknown';

/** What one record is: a request (one operation), a response, or a message that performs no operation. */
type Reading =
  | {
      kind: 'request';
      code: string;
      name: string;
      operation: Operation;
      address?: number;
      quantity?: number;
      detail?: string;
    }
  | { kind: 'response' }
  | { kind: 'housekeeping' };

/** Names and codes repeat on every record of a log: each spelling is worked out once, up to this many. */
const MAX_REMEMBERED_NAMES = 4096;

const normalisedNames = new TextMemo<string>(
  (text) =>
    text
      .trim()
      .replace(/([a-z])([A-Z])/g, '$1_$2')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_|_$/g, ''),
  MAX_REMEMBERED_NAMES
);

/** `READ_VAR`, `read-property`, `Read Property` alike: lower case, words joined by `_`. */
function normalised(text: string): string {
  return normalisedNames.get(text);
}

function field(record: ZeekRecord, name: string): string | undefined {
  const value = record.value(name);
  return value === undefined || value === '' ? undefined : value;
}

function requireField(record: ZeekRecord, name: string): string {
  const value = field(record, name);
  if (value === undefined) {
    throw new ZeekValueError(`missing ${name}`);
  }
  return value;
}

/** A code written in hex (`0x1a`, `1a`) or decimal, as the logs' string fields hold it, in decimal text. */
function codeText(text: string | undefined): string {
  return text === undefined ? '' : codeTexts.get(text);
}

const codeTexts = new TextMemo<string>(readCode, MAX_REMEMBERED_NAMES);

function readCode(text: string): string {
  const trimmed = text.trim().toLowerCase();
  const value = /^0x[0-9a-f]+$/.test(trimmed) ? parseInt(trimmed, 16) : /^\d+$/.test(trimmed) ? Number(trimmed) : NaN;
  return Number.isFinite(value) ? String(value) : '';
}

// --- DNP3 -------------------------------------------------------------------------------------------------

const DNP3_OPERATIONS: Record<string, Operation> = {
  read: 'read',
  write: 'write',
  select: 'write',
  operate: 'write',
  direct_operate: 'write',
  direct_operate_nr: 'write',
  immed_freeze: 'write',
  immed_freeze_nr: 'write',
  freeze_clear: 'write',
  freeze_clear_nr: 'write',
  freeze_at_time: 'write',
  freeze_at_time_nr: 'write',
  save_config: 'write',
  assign_class: 'write',
  cold_restart: 'mode_change',
  warm_restart: 'mode_change',
  initialize_data: 'mode_change',
  initialize_appl: 'mode_change',
  start_appl: 'mode_change',
  stop_appl: 'mode_change',
  open_file: 'program_download',
  close_file: 'program_download',
  delete_file: 'program_download',
  abort_file: 'program_download',
  activate_config: 'program_download',
  get_file_info: 'read',
  authenticate_file: 'diagnostic',
  enable_unsolicited: 'diagnostic',
  disable_unsolicited: 'diagnostic',
  delay_measure: 'diagnostic',
  record_current_time: 'diagnostic',
  confirm: 'diagnostic',
  authenticate_req: 'diagnostic',
  authenticate_req_nr: 'diagnostic',
};

/** DNP3 function codes by name (IEEE 1815), for the `function_code` tag. */
const DNP3_CODES: Record<string, number> = {
  confirm: 0,
  read: 1,
  write: 2,
  select: 3,
  operate: 4,
  direct_operate: 5,
  direct_operate_nr: 6,
  immed_freeze: 7,
  immed_freeze_nr: 8,
  freeze_clear: 9,
  freeze_clear_nr: 10,
  freeze_at_time: 11,
  freeze_at_time_nr: 12,
  cold_restart: 13,
  warm_restart: 14,
  initialize_data: 15,
  initialize_appl: 16,
  start_appl: 17,
  stop_appl: 18,
  save_config: 19,
  enable_unsolicited: 20,
  disable_unsolicited: 21,
  assign_class: 22,
  delay_measure: 23,
  record_current_time: 24,
  open_file: 25,
  close_file: 26,
  delete_file: 27,
  get_file_info: 28,
  authenticate_file: 29,
  abort_file: 30,
  activate_config: 31,
  authenticate_req: 32,
  authenticate_err: 33,
  response: 129,
  unsolicited_response: 130,
  authenticate_resp: 131,
};

/** What a DNP3 function name says, worked out once per spelling; each record gets its own copy to fill in. */
const dnp3Functions = new TextMemo<Reading>((functionName) => {
  const name = normalised(functionName);
  if (name.includes('response') || name === 'authenticate_resp' || name === 'authenticate_err') {
    return { kind: 'response' };
  }
  const code = DNP3_CODES[name];
  return {
    kind: 'request',
    code: code === undefined ? '' : String(code),
    name: functionName.toUpperCase(),
    operation: DNP3_OPERATIONS[name] ?? 'unknown',
  };
}, MAX_REMEMBERED_NAMES);

function dnp3Request(functionName: string): Reading {
  const known = dnp3Functions.get(functionName);
  if (known.kind !== 'request') {
    return known;
  }
  return { kind: 'request', code: known.code, name: known.name, operation: known.operation };
}

function readDnp3(record: ZeekRecord): Reading {
  // Zeek's dnp3.log: one record per request with its reply's function in fc_reply.
  const fcRequest = field(record, 'fc_request');
  if (record.has('fc_request') || record.has('fc_reply')) {
    return fcRequest === undefined ? { kind: 'response' } : dnp3Request(fcRequest);
  }
  const functionName = requireField(record, 'function_code');
  const reading = dnp3Request(functionName);
  if (reading.kind !== 'request') {
    return reading;
  }
  // The reading is this record's own: its details are filled in place (a spread copy per record costs more).
  // ICSNPP's dnp3_control.log: one control block per record, its point in index_number.
  if (record.has('block_type') || record.has('trip_control_code')) {
    let detail = '';
    for (const name of DNP3_CONTROL_DETAIL) {
      const part = field(record, name);
      if (part !== undefined && part !== 'Nul') {
        detail = detail === '' ? part : `${detail} ${part}`;
      }
    }
    reading.address = optionalCount(record, 'index_number');
    reading.detail = detail === '' ? reading.name : detail;
    return reading;
  }
  // ICSNPP's dnp3_objects.log: the object type and the range of points read.
  const low = optionalCount(record, 'range_low');
  const high = optionalCount(record, 'range_high');
  reading.address = low;
  reading.quantity =
    low !== undefined && high !== undefined && high >= low ? high - low + 1 : optionalCount(record, 'object_count');
  reading.detail = field(record, 'object_type') ?? reading.name;
  return reading;
}

/** The fields of a dnp3_control.log record that describe the control, in the order a detail reads them. */
const DNP3_CONTROL_DETAIL = ['block_type', 'trip_control_code', 'operation_type'];

// --- S7comm and S7comm-plus ---------------------------------------------------------------------------------

/** S7comm job functions (parameter function codes). */
const S7_FUNCTIONS: Record<number, Operation> = {
  0x00: 'diagnostic', // CPU services (user data)
  0x04: 'read', // Read Var
  0x05: 'write', // Write Var
  0x1a: 'program_download', // Request Download
  0x1b: 'program_download', // Download Block
  0x1c: 'program_download', // Download Ended
  0x1d: 'program_upload', // Start Upload
  0x1e: 'program_upload', // Upload
  0x1f: 'program_upload', // End Upload
  0x28: 'mode_change', // PI Service (start, compress, copy RAM to ROM)
  0x29: 'mode_change', // PLC Stop
  0xf0: 'diagnostic', // Setup Communication
};

function readS7comm(record: ZeekRecord): Reading {
  if (record.has('opcode') || record.has('opcode_name')) {
    return readS7commPlus(record);
  }
  const rosctr = normalised(field(record, 'rosctr_name') ?? '');
  const rosctrCode = codeText(field(record, 'rosctr_code'));
  // Ack (2) and Ack_Data (3) answer a job; Job (1) and Userdata (7) ask.
  if (rosctr.startsWith('ack') || rosctrCode === '2' || rosctrCode === '3') {
    return { kind: 'response' };
  }
  const codeValue = codeText(field(record, 'function_code'));
  const name = field(record, 'function_name') ?? (codeValue === '' ? 'unknown' : `function ${codeValue}`);
  if (codeValue === '' && field(record, 'function_name') === undefined) {
    throw new ZeekValueError('missing function_code');
  }
  // User data (7) carries CPU services such as reading the system status lists: diagnostics.
  const userData = rosctr === 'userdata' || rosctr === 'user_data' || rosctrCode === '7';
  const operation = userData
    ? 'diagnostic'
    : codeValue === ''
      ? 'unknown'
      : (S7_FUNCTIONS[Number(codeValue)] ?? 'unknown');
  return { kind: 'request', code: codeValue, name, operation, detail: name };
}

function readS7commPlus(record: ZeekRecord): Reading {
  const opcode = normalised(field(record, 'opcode_name') ?? '');
  const opcodeCode = codeText(field(record, 'opcode'));
  // Response (0x32) and notification (0x33) messages answer or report; requests are 0x31.
  if (opcode.includes('response') || opcode.includes('notification') || opcodeCode === '50' || opcodeCode === '51') {
    return { kind: 'response' };
  }
  const name = requireField(record, 'function_name');
  const operation = s7commPlusOperations.get(name);
  return { kind: 'request', code: codeText(field(record, 'function_code')), name, operation, detail: name };
}

/** An S7comm-plus function's operation, by its name as logged (worked out once per spelling). */
const s7commPlusOperations = new TextMemo<Operation>((name) => {
  const fn = normalised(name);
  if (fn.startsWith('get') || fn === 'explore') {
    return 'read';
  }
  // Create, delete, invoke and sequences carry program transfers and controller commands alike: left unknown.
  return fn.startsWith('set') ? 'write' : 'unknown';
}, MAX_REMEMBERED_NAMES);

// --- EtherNet/IP and CIP -----------------------------------------------------------------------------------

const CIP_READ = /(^|_)(get|read|find_next|list)/;
const CIP_WRITE = /(^|_)(set|write|apply|save|restore|insert|remove|create|delete|read_modify_write)/;
const CIP_MODE = /^(reset|start|stop)$/;
const CIP_SESSION =
  /(forward_open|forward_close|large_forward_open|no_operation|nop|unconnected_send|multiple_service)/;

/** A CIP service's operation, by the service's name as logged (worked out once per spelling). */
const cipOperations = new TextMemo<Operation>((name) => {
  const fn = normalised(name);
  if (CIP_SESSION.test(fn)) {
    return 'diagnostic';
  }
  if (fn.startsWith('read_modify_write') || CIP_WRITE.test(fn)) {
    return 'write';
  }
  if (CIP_READ.test(fn)) {
    return 'read';
  }
  return CIP_MODE.test(fn) ? 'mode_change' : 'unknown';
}, MAX_REMEMBERED_NAMES);

function readCip(record: ZeekRecord): Reading {
  if (!record.has('cip_service') && !record.has('cip_service_code')) {
    return readEnip(record);
  }
  const direction = normalised(field(record, 'direction') ?? '');
  if (direction.startsWith('response')) {
    return { kind: 'response' };
  }
  const name = field(record, 'cip_service') ?? `service ${codeText(requireField(record, 'cip_service_code'))}`;
  const operation = cipOperations.get(name);
  const className = field(record, 'class_name');
  return {
    kind: 'request',
    code: codeText(field(record, 'cip_service_code')),
    name,
    operation,
    address: optionalHex(record, 'instance_id'),
    detail: className === undefined ? name : `${name} ${className}`,
  };
}

function optionalHex(record: ZeekRecord, name: string): number | undefined {
  const text = codeText(field(record, name));
  return text === '' ? undefined : Number(text);
}

function readEnip(record: ZeekRecord): Reading {
  const command = requireField(record, 'enip_command');
  const fn = normalised(command);
  // Only the discovery commands act on their own; the rest carry CIP (logged in cip.log) or manage sessions.
  if (fn.startsWith('list_')) {
    if (optionalBool(record, 'is_orig') === false) {
      return { kind: 'response' };
    }
    return {
      kind: 'request',
      code: codeText(field(record, 'enip_command_code')),
      name: command,
      operation: 'diagnostic',
      detail: command,
    };
  }
  return { kind: 'housekeeping' };
}

// --- BACnet ------------------------------------------------------------------------------------------------

function bacnetOperation(service: string): Operation {
  if (service === 'atomic_write_file') {
    return 'program_download';
  }
  if (service === 'atomic_read_file') {
    return 'program_upload';
  }
  if (service === 'reinitialize_device' || service === 'device_communication_control') {
    return 'mode_change';
  }
  if (service.startsWith('read') || service.includes('notification') || service.startsWith('get_')) {
    return 'read';
  }
  if (
    service.startsWith('write') ||
    service.endsWith('_list_element') ||
    service === 'create_object' ||
    service === 'delete_object' ||
    service === 'acknowledge_alarm'
  ) {
    return 'write';
  }
  if (
    service.startsWith('who_') ||
    service.startsWith('i_') ||
    service.includes('time_synchronization') ||
    service.startsWith('subscribe') ||
    service.includes('private_transfer')
  ) {
    return 'diagnostic';
  }
  return 'unknown';
}

function readBacnet(record: ZeekRecord): Reading {
  const type = normalised(field(record, 'pdu_type') ?? '');
  const serviceText = field(record, 'pdu_service');
  if (serviceText === undefined) {
    // A network-layer message (NPDU) without an application service.
    return { kind: 'housekeeping' };
  }
  if (type !== '' && !type.includes('req')) {
    return { kind: 'response' };
  }
  return bacnetRequests.get(serviceText);
}

/** A BACnet request by its service as logged, worked out once per spelling (read only, so shared). */
const bacnetRequests = new TextMemo<Reading>(
  (serviceText) =>
    Object.freeze({
      kind: 'request',
      code: '',
      name: serviceText,
      operation: bacnetOperation(normalised(serviceText)),
      detail: serviceText,
    }),
  MAX_REMEMBERED_NAMES
);

// --- OPC UA binary -----------------------------------------------------------------------------------------

const OPCUA_WRITE = new Set([
  'write',
  'history_update',
  'add_nodes',
  'add_references',
  'delete_nodes',
  'delete_references',
  'call',
]);
const OPCUA_READ = new Set([
  'read',
  'history_read',
  'browse',
  'browse_next',
  'translate_browse_paths_to_node_ids',
  'query_first',
  'query_next',
  'publish',
  'republish',
]);

/** An OPC UA service's operation, by its normalised name (worked out once per name). */
const opcuaOperations = new TextMemo<Operation>((name) => {
  const base = name.replace(/_request$/, '');
  return OPCUA_WRITE.has(base) ? 'write' : OPCUA_READ.has(base) ? 'read' : 'diagnostic';
}, MAX_REMEMBERED_NAMES);

function readOpcua(record: ZeekRecord): Reading {
  const service = field(record, 'identifier_str');
  if (service === undefined) {
    // HEL, ACK, OPN and CLO set up and tear down the channel; ERR reports on it.
    return { kind: 'housekeeping' };
  }
  const name = normalised(service);
  if (name.endsWith('response') || name.endsWith('fault')) {
    return { kind: 'response' };
  }
  const operation = opcuaOperations.get(name);
  return {
    kind: 'request',
    code: codeText(field(record, 'identifier')),
    name: service,
    operation,
    detail: service,
  };
}

const READERS: Record<IcsProtocolKind, (record: ZeekRecord) => Reading> = {
  dnp3: readDnp3,
  s7comm: readS7comm,
  enip: readCip,
  bacnet: readBacnet,
  opcua: readOpcua,
};

/** The contract's protocol names (`OT_PROTOCOLS`). */
const PROTOCOL_TAG: Record<IcsProtocolKind, string> = {
  dnp3: 'dnp3',
  s7comm: 's7comm',
  enip: 'enip',
  bacnet: 'bacnet',
  opcua: 'opcua',
};

/** Guesses the protocol from a record's fields, for logs without a `#path` or `_path`. */
export function icsKindOfRecord(record: ZeekRecord): IcsProtocolKind | undefined {
  if (record.has('fc_request') || record.has('block_type') || record.has('object_type')) {
    return 'dnp3';
  }
  if (record.has('rosctr_name') || record.has('rosctr_code') || record.has('opcode_name')) {
    return 's7comm';
  }
  if (record.has('cip_service') || record.has('cip_service_code') || record.has('enip_command')) {
    return 'enip';
  }
  if (record.has('pdu_service') || record.has('bvlc_function')) {
    return 'bacnet';
  }
  if (record.has('msg_type') && record.has('opcua_id')) {
    return 'opcua';
  }
  return undefined;
}

export interface IcsConversion {
  /** Responses folded into their requests so far. */
  readonly merged: number;
  /** Messages that perform no operation (session set-up), skipped so far. */
  readonly housekeeping: number;
  /** Converts one record; returns an error message for a malformed one. */
  convert(kind: IcsProtocolKind, record: ZeekRecord, emit: (point: TelemetryPoint) => void): string | undefined;
}

export function createIcsConverter(attribute: AttributeAddress): IcsConversion {
  let merged = 0;
  let housekeeping = 0;
  return {
    get merged() {
      return merged;
    },
    get housekeeping() {
      return housekeeping;
    },
    convert(kind, record, emit) {
      try {
        const timestampNs = requireTime(record, 'ts');
        const srcIp = requireAddress(record, 'id.orig_h');
        const dstIp = requireAddress(record, 'id.resp_h');
        const reading = READERS[kind](record);
        if (reading.kind === 'response') {
          merged++;
          return undefined;
        }
        if (reading.kind === 'housekeeping') {
          housekeeping++;
          return undefined;
        }
        const fields: TelemetryPoint['fields'] = { detail: reading.detail ?? reading.name };
        if (reading.address !== undefined) {
          fields.address = reading.address;
        }
        if (reading.quantity !== undefined) {
          fields.quantity = reading.quantity;
        }
        const tags = operationTags(attribute, srcIp, dstIp, PROTOCOL_TAG[kind], reading.operation, reading.code);
        emit({ measurement: 'ot_operation', tags, fields, timestampNs });
        return undefined;
      } catch (error) {
        if (error instanceof ZeekValueError) {
          return error.message;
        }
        throw error;
      }
    },
  };
}
