/**
 * The plant's IEC 62443 zone and conduit model: what the network is meant to allow. The simulator's
 * normal traffic stays inside it; its scenarios break it. provisioning/zone-model.yaml is this model for
 * the default plant, printed by `conduit-sim model`.
 */
import type { AssetOverride, Conduit, ConduitService, Zone, ZoneModel } from '@conduit/core';
import { stringify } from 'yaml';

import { PLANT_ZONES, type Plant } from './plant';

const Z = PLANT_ZONES;

/** TCP ports of the services the plant uses. */
export const SERVICE_PORTS = {
  modbus: 502,
  s7comm: 102,
  opcua: 4840,
  dnp3: 20000,
  enip: 44818,
  bacnet: 47808,
  https: 443,
  http: 8080,
  rdp: 3389,
  smtp: 25,
  dns: 53,
  kerberos: 88,
  ldap: 389,
  smb: 445,
  sql: 1433,
  wsus: 8531,
} as const;

/** The transport a service of the plant runs over: BACnet/IP and DNS over UDP, the rest over TCP. */
export function transportOf(service: keyof typeof SERVICE_PORTS): 'tcp' | 'udp' {
  return service === 'bacnet' || service === 'dns' ? 'udp' : 'tcp';
}

/** Modbus function codes SCADA and HMIs use: read holding/input registers, write single/multiple. */
export const SUPERVISORY_MODBUS_CODES = [3, 4, 6, 16];
/** Read-only access: read holding and input registers. */
export const READ_ONLY_MODBUS_CODES = [3, 4];
/** Schneider's UMAS engineering protocol rides on Modbus function code 90. */
export const UMAS_FUNCTION_CODE = 90;

const ZONES: Zone[] = [
  zone(Z.internet, 'Internet', 5, 0, undefined, 'External services: software updates, SaaS and mail relays.', {
    cidrs: ['203.0.113.0/24', '198.51.100.0/24'],
    vlans: [],
  }),
  zone(Z.enterprise, 'Enterprise office network', 4, 2, 2, 'Office workstations and business servers.', {
    owner: 'IT Operations',
    cidrs: ['10.10.0.0/16', 'fd10:10::/64'],
    vlans: [10, 11, 15],
  }),
  zone(Z.dmz, 'Industrial DMZ', 3.5, 3, 2, 'Jump host, historian replica and patch server between IT and OT.', {
    owner: 'OT Security',
    cidrs: ['172.16.35.0/24'],
    vlans: [350],
  }),
  zone(Z.siteOperations, 'Site operations', 3, 2, 2, 'Process historian and MES.', {
    owner: 'Plant Operations',
    cidrs: ['10.20.3.0/24'],
    vlans: [203],
  }),
  zone(Z.supervisory, 'Supervisory control', 2, 3, 2, 'SCADA servers, operator HMIs and the engineering workstation.', {
    owner: 'Control Systems Engineering',
    cidrs: ['10.20.2.0/24'],
    vlans: [202],
  }),
  zone(
    Z.control,
    'Basic control',
    1,
    3,
    3,
    'PLCs of intake, coagulation, filtration, chlorination and distribution; booster-station RTU, ventilation and UV skid controllers.',
    {
      owner: 'Control Systems Engineering',
      cidrs: ['10.20.1.0/24'],
      vlans: [201],
    }
  ),
  zone(Z.process, 'Process instruments', 0, 2, 2, 'Networked flow meters, analysers and pump drives.', {
    owner: 'Control Systems Engineering',
    cidrs: ['10.20.0.0/24'],
    vlans: [200],
  }),
  zone(Z.safety, 'Safety instrumented system', 1, 4, 3, 'Chlorine gas detection and clearwell overfill trips.', {
    owner: 'Process Safety',
    cidrs: ['10.20.9.0/24'],
    vlans: [209],
    safety: true,
  }),
];

function zone(
  id: string,
  name: string,
  purdueLevel: Zone['purdueLevel'],
  slTarget: Zone['slTarget'],
  slAchieved: Zone['slAchieved'],
  description: string,
  rest: Pick<Zone, 'cidrs' | 'vlans'> & { owner?: string; safety?: boolean }
): Zone {
  // Keys in the order people read a zone: identity, security levels, ownership, ranges.
  return {
    id,
    name,
    purdueLevel,
    slTarget,
    ...(slAchieved === undefined ? {} : { slAchieved }),
    safety: rest.safety ?? false,
    ...(rest.owner === undefined ? {} : { owner: rest.owner }),
    cidrs: rest.cidrs,
    vlans: rest.vlans,
    description,
  };
}

function service(
  protocol: string,
  port: number,
  sourceRoles: string[],
  extra: Pick<ConduitService, 'operations' | 'functionCodes'> = {}
): ConduitService {
  return { protocol, port, ...extra, sourceRoles };
}

const P = SERVICE_PORTS;

const CONDUITS: Conduit[] = [
  {
    id: 'enterprise-to-internet',
    from: Z.enterprise,
    to: Z.internet,
    direction: 'one-way',
    controlType: 'firewall',
    slTarget: 2,
    slAchieved: 2,
    services: [service('https', P.https, ['web-proxy']), service('smtp', P.smtp, ['mail-server'])],
    description: 'Web through the proxy and outbound mail only.',
  },
  {
    id: 'internet-to-enterprise-mail',
    from: Z.internet,
    to: Z.enterprise,
    direction: 'one-way',
    controlType: 'firewall',
    slTarget: 2,
    slAchieved: 2,
    services: [service('smtp', P.smtp, ['external'])],
    description: 'Inbound mail to the mail server.',
  },
  {
    id: 'enterprise-to-dmz',
    from: Z.enterprise,
    to: Z.dmz,
    direction: 'one-way',
    controlType: 'firewall',
    slTarget: 3,
    slAchieved: 2,
    services: [service('rdp', P.rdp, ['workstation']), service('https', P.https, ['workstation'])],
    description: 'Remote access to the jump host and historian reports from the replica.',
  },
  {
    id: 'dmz-to-internet',
    from: Z.dmz,
    to: Z.internet,
    direction: 'one-way',
    controlType: 'firewall',
    slTarget: 3,
    slAchieved: 2,
    services: [service('https', P.https, ['server'])],
    description: 'The patch server synchronises with the vendor update service.',
  },
  {
    id: 'historian-replication',
    from: Z.siteOperations,
    to: Z.dmz,
    direction: 'one-way',
    controlType: 'data-diode',
    slTarget: 3,
    slAchieved: 3,
    services: [service('https', P.https, ['historian'], { operations: ['write'] })],
    description: 'The historian pushes its archive to the DMZ replica through a hardware data diode.',
  },
  {
    id: 'dmz-to-site-operations',
    from: Z.dmz,
    to: Z.siteOperations,
    direction: 'one-way',
    controlType: 'firewall',
    slTarget: 3,
    slAchieved: 2,
    services: [service('rdp', P.rdp, ['jump-host']), service('https', P.wsus, ['server'])],
    description: 'Administration from the jump host; patch approval pushed by the patch server.',
  },
  {
    id: 'dmz-to-supervisory',
    from: Z.dmz,
    to: Z.supervisory,
    direction: 'one-way',
    controlType: 'firewall',
    slTarget: 3,
    slAchieved: 2,
    services: [service('rdp', P.rdp, ['jump-host'])],
    description: 'Remote engineering sessions from the jump host to the engineering workstation.',
  },
  {
    id: 'site-operations-to-supervisory',
    from: Z.siteOperations,
    to: Z.supervisory,
    direction: 'one-way',
    controlType: 'firewall',
    slTarget: 3,
    slAchieved: 3,
    services: [service('opcua', P.opcua, ['historian', 'mes'], { operations: ['read'] })],
    description: 'The historian and MES collect tags from the SCADA servers.',
  },
  {
    id: 'historian-to-control',
    from: Z.siteOperations,
    to: Z.control,
    direction: 'one-way',
    controlType: 'firewall',
    slTarget: 3,
    slAchieved: 3,
    services: [
      service('modbus', P.modbus, ['historian'], { operations: ['read'], functionCodes: READ_ONLY_MODBUS_CODES }),
    ],
    description: 'Compliance data (residual chlorine, treated flow) read directly from the controllers.',
  },
  {
    id: 'supervisory-to-control',
    from: Z.supervisory,
    to: Z.control,
    direction: 'one-way',
    controlType: 'firewall',
    slTarget: 3,
    slAchieved: 3,
    services: [
      service('modbus', P.modbus, ['hmi', 'scada-server'], {
        operations: ['read', 'write'],
        functionCodes: SUPERVISORY_MODBUS_CODES,
      }),
      service('modbus', P.modbus, ['engineering-workstation'], {
        operations: ['read', 'write'],
        functionCodes: [...SUPERVISORY_MODBUS_CODES, UMAS_FUNCTION_CODE],
      }),
      service('s7comm', P.s7comm, ['engineering-workstation'], { operations: ['read', 'write'] }),
      service('dnp3', P.dnp3, ['scada-server'], { operations: ['read', 'write'] }),
      service('bacnet', P.bacnet, ['scada-server'], { operations: ['read'] }),
      service('enip', P.enip, ['hmi', 'scada-server'], { operations: ['read', 'write'] }),
    ],
    description:
      'Polling and operator commands from SCADA and HMIs (Modbus to the trains, DNP3 to the booster station, EtherNet/IP to the UV skid), ventilation status over BACnet; engineering from the engineering workstation.',
  },
  {
    id: 'control-to-process',
    from: Z.control,
    to: Z.process,
    direction: 'one-way',
    controlType: 'gateway',
    slTarget: 2,
    slAchieved: 2,
    services: [
      service('modbus', P.modbus, ['plc'], { operations: ['read', 'write'], functionCodes: SUPERVISORY_MODBUS_CODES }),
    ],
    description: 'Controllers poll their instruments and drive the pump VFD through the I/O gateway.',
  },
  {
    id: 'supervisory-to-safety',
    from: Z.supervisory,
    to: Z.safety,
    direction: 'one-way',
    controlType: 'firewall',
    slTarget: 4,
    slAchieved: 3,
    services: [
      service('modbus', P.modbus, ['scada-server'], { operations: ['read'], functionCodes: READ_ONLY_MODBUS_CODES }),
    ],
    description: 'SCADA reads the safety system status; nothing writes to it over the network.',
  },
];

/** Assets whose criticality and placement the OT engineers pinned. */
function overrides(plant: Plant): AssetOverride[] {
  const pinnedRoles = new Set([
    'domain-controller',
    'jump-host',
    'historian',
    'scada-server',
    'engineering-workstation',
    'plc',
    'rtu',
    'safety-plc',
  ]);
  return plant.assets
    .filter((asset) => pinnedRoles.has(asset.role))
    .map((asset) => ({
      name: asset.name,
      address: asset.ip,
      zone: asset.zone,
      role: asset.role,
      criticality: asset.criticality,
    }));
}

export const PLANT_SITE = 'Riverside water treatment works';

export function plantZoneModel(plant: Plant): ZoneModel {
  return {
    site: PLANT_SITE,
    zones: ZONES.map((z) => ({ ...z, cidrs: [...z.cidrs], vlans: [...z.vlans] })),
    conduits: CONDUITS.map((c) => ({ ...c, services: c.services.map((s) => ({ ...s })) })),
    assets: overrides(plant),
  };
}

const HEADER = `# Zone and conduit model (IEC 62443-3-2) of the demo water treatment plant.
# Generated by \`conduit-sim model\` for the default plant; a test keeps it equal to the simulator's model.
`;

export function zoneModelYaml(model: ZoneModel): string {
  return HEADER + stringify(model, { lineWidth: 0, singleQuote: true });
}
