/**
 * Zeek's service names (conn.log `service`, the analyzers that recognised the connection) mapped to the
 * protocol names the telemetry contract and conduit allow-lists use. A connection Zeek recognised no
 * service on (rejected, half-open, too short) is named after its well-known destination port, since a
 * refused attempt on 502/tcp still matters to a Modbus conduit.
 */
import { TextMemo } from '../text/textMemo';
import { UNKNOWN } from '../telemetryContract';

/** How `ZeekRecord.listText` joins a list's elements. */
const LIST_SEPARATOR = ',';

const BY_ZEEK_SERVICE = new Map<string, string>([
  ['ssl', 'https'],
  ['http', 'http'],
  ['dns', 'dns'],
  ['ssh', 'ssh'],
  ['rdp', 'rdp'],
  ['rdpeudp', 'rdp'],
  ['smb', 'smb'],
  ['krb', 'kerberos'],
  ['krb_tcp', 'kerberos'],
  ['ldap', 'ldap'],
  ['ldap_tcp', 'ldap'],
  ['ldap_udp', 'ldap'],
  ['ntp', 'ntp'],
  ['smtp', 'smtp'],
  ['mysql', 'sql'],
  ['postgresql', 'sql'],
  ['tds', 'sql'],
  ['modbus', 'modbus'],
  ['dnp3', 'dnp3'],
  ['dnp3_tcp', 'dnp3'],
  ['dnp3_udp', 'dnp3'],
  ['s7comm', 's7comm'],
  ['s7comm_plus', 's7comm'],
  ['cotp', 's7comm'],
  ['enip', 'enip'],
  ['cip', 'enip'],
  ['bacnet', 'bacnet'],
  ['opcua_binary', 'opcua'],
  ['opcua-binary', 'opcua'],
]);

/** Well-known ports, per transport, for connections Zeek named no service on. */
const BY_PORT: Record<string, ReadonlyMap<number, string>> = {
  tcp: new Map([
    [502, 'modbus'],
    [102, 's7comm'],
    [44818, 'enip'],
    [20000, 'dnp3'],
    [4840, 'opcua'],
    [443, 'https'],
    [80, 'http'],
    [53, 'dns'],
    [22, 'ssh'],
    [3389, 'rdp'],
    [445, 'smb'],
    [389, 'ldap'],
    [88, 'kerberos'],
    [25, 'smtp'],
    [1433, 'sql'],
    [3306, 'sql'],
    [5432, 'sql'],
  ]),
  udp: new Map([
    [47808, 'bacnet'],
    [2222, 'enip'],
    [20000, 'dnp3'],
    [53, 'dns'],
    [123, 'ntp'],
    [88, 'kerberos'],
    [389, 'ldap'],
  ]),
};

/** The list texts (`ssl,http`) seen, with the service each names: a log repeats a few lists on every line. */
const namedByList = new TextMemo<string | undefined>(
  (list) => namedService(list === '' ? [] : list.split(LIST_SEPARATOR)),
  4096
);

/**
 * The contract's service name for a connection, from Zeek's `service` field as `listText` gives it (`ssl,http`,
 * or undefined when unset). Zeek may list several analyzers; the first one the contract knows wins, else the first listed,
 * lower-cased, passes through as is; with none, the destination port names it.
 */
export function contractService(zeekServices: string | undefined, transport: string, dstPort: number): string {
  const named = zeekServices === undefined ? undefined : namedByList.get(zeekServices);
  return named ?? BY_PORT[transport]?.get(dstPort) ?? UNKNOWN;
}

function namedService(zeekServices: readonly string[]): string | undefined {
  let firstNamed: string | undefined;
  for (const listed of zeekServices) {
    const service = listed.trim().toLowerCase();
    if (service === '' || service.startsWith('-')) {
      continue;
    }
    const known = BY_ZEEK_SERVICE.get(service);
    if (known !== undefined) {
      return known;
    }
    firstNamed ??= service;
  }
  return firstNamed;
}
