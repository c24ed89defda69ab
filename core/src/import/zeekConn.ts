/**
 * Zeek conn.log records to `flow` points of the telemetry contract.
 *
 * The originator is the source: `bytes_out` is what it sent (`orig_bytes`), `bytes_in` what it received
 * (`resp_bytes`), `packets` both directions. Zeek leaves byte and packet counts unset when it saw no
 * payload and `duration` unset when it saw a single packet; those are written as 0, so every flow point
 * carries the same fields and sums never meet a gap.
 */
import type { TelemetryPoint } from '../telemetryContract';
import { flowTags, type AttributeAddress } from './addressAttribution';
import type { ZeekRecord } from './zeekLogReader';
import { contractService } from './zeekService';
import {
  ZeekValueError,
  optionalCount,
  optionalInterval,
  numberText,
  requireAddress,
  requirePort,
  requireTime,
} from './zeekValues';

/** The fields a conn.log must have for its records to become flows. */
export const CONN_REQUIRED_FIELDS: readonly string[] = [
  'ts',
  'id.orig_h',
  'id.orig_p',
  'id.resp_h',
  'id.resp_p',
  'proto',
];

const TRANSPORT = /^[a-z0-9_]{1,16}$/i;
/** What nearly every record says, accepted without the pattern. */
function isCommonTransport(transport: string): boolean {
  return transport === 'tcp' || transport === 'udp' || transport === 'icmp';
}

export type ConversionResult = { point: TelemetryPoint } | { error: string };

/** One conn.log record as a flow point, or the reason it cannot be one. */
export function connRecordToFlow(record: ZeekRecord, attribute: AttributeAddress): ConversionResult {
  try {
    const timestampNs = requireTime(record, 'ts');
    const srcIp = requireAddress(record, 'id.orig_h');
    const srcPort = requirePort(record, 'id.orig_p');
    const dstIp = requireAddress(record, 'id.resp_h');
    const dstPort = requirePort(record, 'id.resp_p');
    const transport = record.value('proto');
    if (transport === undefined || !(isCommonTransport(transport) || TRANSPORT.test(transport))) {
      return { error: transport === undefined ? 'missing proto' : `bad transport "${transport}" in proto` };
    }
    const bytesOut = optionalCount(record, 'orig_bytes') ?? 0;
    const bytesIn = optionalCount(record, 'resp_bytes') ?? 0;
    const packets = (optionalCount(record, 'orig_pkts') ?? 0) + (optionalCount(record, 'resp_pkts') ?? 0);
    const duration = optionalInterval(record, 'duration') ?? 0;
    const connState = record.value('conn_state');

    const proto = transport.toLowerCase();
    const fields: TelemetryPoint['fields'] = {
      src_port: srcPort,
      bytes_out: bytesOut,
      bytes_in: bytesIn,
      packets,
      duration,
    };
    if (connState !== undefined && connState !== '') {
      fields.conn_state = connState;
    }
    const service = contractService(record.listText('service'), proto, dstPort);
    const tags = flowTags(attribute, srcIp, dstIp, proto, service, numberText(dstPort));
    return { point: { measurement: 'flow', tags, fields, timestampNs } };
  } catch (error) {
    if (error instanceof ZeekValueError) {
      return { error: error.message };
    }
    throw error;
  }
}
