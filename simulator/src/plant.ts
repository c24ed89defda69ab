/**
 * The demo plant: a drinking-water treatment works with its office network, industrial DMZ, site
 * operations, supervisory, control, process and safety zones. The layout (names, addresses, roles)
 * depends only on the size, so the zone model in provisioning/ describes every seed of a size; the seed
 * varies what real plants vary between sites of one design: patch levels and program identities.
 */
import type { AssetRole } from '@conduit/core';

import { deriveSeed, streamFor } from './prng';

/** Zone ids of the plant, from the internet down to the safety system. */
export const PLANT_ZONES = {
  internet: 'internet',
  enterprise: 'enterprise',
  dmz: 'industrial-dmz',
  siteOperations: 'site-operations',
  supervisory: 'supervisory',
  control: 'basic-control',
  process: 'process',
  safety: 'safety',
} as const;
export type PlantZoneId = (typeof PLANT_ZONES)[keyof typeof PLANT_ZONES];

/** Stages of a treatment train, each run by one controller. */
export const PROCESS_UNITS = ['intake', 'coagulation', 'filtration', 'chlorination', 'distribution'] as const;
export type ProcessUnit = (typeof PROCESS_UNITS)[number];

export type Criticality = 1 | 2 | 3 | 4 | 5;

/** How an engineering workstation programs a controller. */
export type EngineeringProtocol = 's7comm' | 'modbus';

/** Protocols of the field units outside the treatment trains. */
export type FieldProtocol = 'dnp3' | 'bacnet' | 'enip';

export interface PlantAsset {
  name: string;
  /** Primary address (IPv4). */
  ip: string;
  /** Second address where the host is dual-stack; Windows hosts prefer it for domain traffic. */
  ipv6?: string;
  zone: PlantZoneId;
  role: AssetRole;
  vendor: string;
  model: string;
  firmware: string;
  criticality: Criticality;
  vulnCount: number;
  vulnKnownExploited: number;
  cvssMax: number;
  /** Treatment train (1-based) of control-system assets. */
  train?: number;
  /** The stage a controller runs, or the stage an instrument serves. */
  unit?: ProcessUnit | 'safety';
  engineeringProtocol?: EngineeringProtocol;
  /** The protocol a field unit outside the trains is supervised over. */
  fieldProtocol?: FieldProtocol;
}

export interface PlantComposition {
  trains: number;
  hmis: number;
  workstations: number;
}

export interface Plant {
  seed: number;
  size: number;
  composition: PlantComposition;
  assets: PlantAsset[];
}

export const DEFAULT_PLANT_SIZE = 60;
export const MIN_PLANT_SIZE = 35;
export const MAX_PLANT_SIZE = 5000;
const MAX_TRAINS = 8;
// Assets every plant has whatever its size: 3 external, 4 office servers, 2 admin workstations,
// 3 DMZ hosts, 2 site-operations servers, 2 SCADA servers, 1 engineering workstation, 3 field units
// (booster-station RTU, chemical-building ventilation controller, UV skid controller), 1 safety PLC.
const FIXED_ASSETS = 21;
// Per train: 5 controllers and 4 networked instruments, plus 2 local HMIs (one control-room HMI overall).
const ASSETS_PER_TRAIN = 11;

/** How many trains, HMIs and office workstations a plant of `size` assets has. */
export function plantComposition(size: number): PlantComposition {
  const trains = Math.max(1, Math.min(MAX_TRAINS, Math.floor(size / 100) + 1));
  const hmis = 1 + 2 * trains;
  const workstations = size - FIXED_ASSETS - 1 - ASSETS_PER_TRAIN * trains;
  return { trains, hmis, workstations };
}

/** Why a size cannot be built, or undefined when it can. */
export function plantSizeProblem(size: number): string | undefined {
  if (!Number.isInteger(size) || size < MIN_PLANT_SIZE || size > MAX_PLANT_SIZE) {
    return `must be an integer from ${MIN_PLANT_SIZE} to ${MAX_PLANT_SIZE}, got ${size}`;
  }
  return undefined;
}

interface Identity {
  vendor: string;
  model: string;
  firmware: string;
  vulnCount: number;
  vulnKnownExploited: number;
  cvssMax: number;
}

// Vulnerability summaries per product line, as a scanner would report them for these versions.
const IDENTITIES = {
  external: id('external', 'internet service', 'n/a', 0, 0, 0),
  domainController: id('Dell', 'PowerEdge R650', 'Windows Server 2022 20348.2762', 7, 1, 8.8),
  mailServer: id('Dell', 'PowerEdge R650', 'Exchange Server 2019 CU14', 9, 2, 9.8),
  webProxy: id('Broadcom', 'Edge SWG S200', 'SGOS 7.3.16', 3, 0, 7.5),
  fileServer: id('Dell', 'PowerEdge R450', 'Windows Server 2022 20348.2762', 6, 1, 8.8),
  jumpHost: id('Dell', 'PowerEdge R450', 'Windows Server 2019 17763.6414', 11, 2, 9.8),
  historianReplica: id('AVEVA', 'PI Server 2018 SP3', 'Windows Server 2019 17763.6414', 8, 1, 9.1),
  patchServer: id('Microsoft', 'WSUS 10.0', 'Windows Server 2019 17763.6414', 5, 0, 8.1),
  historian: id('AVEVA', 'PI Data Archive 2018 SP3', 'Windows Server 2016 14393.7428', 14, 2, 9.8),
  mes: id('Rockwell Automation', 'FactoryTalk ProductionCentre 10.4', 'Windows Server 2016 14393.7428', 10, 1, 9.1),
  scada: id('AVEVA', 'System Platform 2020 R2', 'Windows Server 2019 17763.5936', 12, 1, 9.8),
  hmi: id('Siemens', 'SIMATIC IPC477E', 'WinCC 7.5 SP2 Upd 12', 9, 1, 9.8),
  ews: id('Siemens', 'SIMATIC Field PG M6', 'TIA Portal V17 Upd 6', 13, 2, 9.8),
  plcS7Intake: id('Siemens', 'S7-1500 CPU 1515-2 PN', 'V2.9.4', 6, 0, 7.5),
  plcS7Distribution: id('Siemens', 'S7-1500 CPU 1516-3 PN/DP', 'V2.9.4', 6, 0, 7.5),
  plcM580: id('Schneider Electric', 'Modicon M580 BMEP582040', 'SV3.20', 8, 1, 9.8),
  plcM340: id('Schneider Electric', 'Modicon M340 BMXP342020', 'SV3.40', 7, 1, 9.8),
  flowMeter: id('Endress+Hauser', 'Promag W 400', '01.02.00', 1, 0, 5.3),
  turbidimeter: id('Hach', 'TU5300 sc', '2.10', 0, 0, 0),
  chlorineAnalyzer: id('Hach', 'CL17 sc', '1.40', 0, 0, 0),
  pumpDrive: id('ABB', 'ACS880', '3.20', 2, 0, 7.5),
  safetyPlc: id('Schneider Electric', 'Triconex Tricon CX', '11.3', 3, 1, 7.8),
  boosterRtu: id('SEL', 'SEL-3505 RTAC', 'R151-V2', 2, 0, 7.5),
  ventilationController: id('Johnson Controls', 'Metasys FAC4911', '10.1.2', 4, 0, 8.1),
  uvSkidController: id('Rockwell Automation', 'CompactLogix 5380 L306ER', 'V33.011', 5, 1, 9.8),
} satisfies Record<string, Identity>;

function id(
  vendor: string,
  model: string,
  firmware: string,
  vulnCount: number,
  vulnKnownExploited: number,
  cvssMax: number
): Identity {
  return { vendor, model, firmware, vulnCount, vulnKnownExploited, cvssMax };
}

const CONTROLLERS: ReadonlyArray<{
  unit: ProcessUnit;
  name: string;
  identity: Identity;
  protocol: EngineeringProtocol;
  criticality: Criticality;
}> = [
  { unit: 'intake', name: 'plc-intake', identity: IDENTITIES.plcS7Intake, protocol: 's7comm', criticality: 4 },
  { unit: 'coagulation', name: 'plc-coag', identity: IDENTITIES.plcM580, protocol: 'modbus', criticality: 4 },
  { unit: 'filtration', name: 'plc-filt', identity: IDENTITIES.plcM580, protocol: 'modbus', criticality: 4 },
  { unit: 'chlorination', name: 'plc-chlor', identity: IDENTITIES.plcM340, protocol: 'modbus', criticality: 5 },
  {
    unit: 'distribution',
    name: 'plc-dist',
    identity: IDENTITIES.plcS7Distribution,
    protocol: 's7comm',
    criticality: 5,
  },
];

const INSTRUMENTS: ReadonlyArray<{ unit: ProcessUnit; name: string; identity: Identity; role: AssetRole }> = [
  { unit: 'intake', name: 'fm-intake', identity: IDENTITIES.flowMeter, role: 'sensor' },
  { unit: 'filtration', name: 'ana-turb', identity: IDENTITIES.turbidimeter, role: 'sensor' },
  { unit: 'chlorination', name: 'ana-cl2', identity: IDENTITIES.chlorineAnalyzer, role: 'sensor' },
  { unit: 'distribution', name: 'vfd-dist', identity: IDENTITIES.pumpDrive, role: 'actuator' },
];

/** Builds the plant of `size` assets (see plantSizeProblem for the allowed sizes). */
export function buildPlant(seed: number, size: number = DEFAULT_PLANT_SIZE): Plant {
  const composition = plantComposition(size);
  const assets: PlantAsset[] = [];
  const add = (
    name: string,
    ip: string,
    zone: PlantZoneId,
    role: AssetRole,
    identity: Identity,
    criticality: Criticality,
    extra: Partial<PlantAsset> = {}
  ): void => {
    assets.push({ name, ip, zone, role, ...identity, criticality, ...extra });
  };
  const Z = PLANT_ZONES;

  // L5: the services the plant talks to on the internet (documentation address ranges).
  add('ext-updates', '203.0.113.10', Z.internet, 'external', IDENTITIES.external, 1);
  add('ext-saas', '203.0.113.80', Z.internet, 'external', IDENTITIES.external, 1);
  add('ext-mail', '198.51.100.25', Z.internet, 'external', IDENTITIES.external, 1);

  // L4: office servers and workstations; domain members are dual-stack.
  add('dc-1', '10.10.1.10', Z.enterprise, 'domain-controller', IDENTITIES.domainController, 4, {
    ipv6: 'fd10:10::10',
  });
  add('mail-1', '10.10.1.25', Z.enterprise, 'mail-server', IDENTITIES.mailServer, 3);
  add('proxy-1', '10.10.1.8', Z.enterprise, 'web-proxy', IDENTITIES.webProxy, 3);
  add('fs-1', '10.10.1.20', Z.enterprise, 'server', IDENTITIES.fileServer, 3);
  const patchLevels = streamFor(seed, 'plant/patch-levels');
  const workstationIdentity = (): Identity => {
    // Workstations differ by how far behind on patches they are.
    const behind = patchLevels.int(0, 4);
    return id(
      'Dell',
      'OptiPlex 7010',
      `Windows 11 23H2 22631.${4317 - behind * 143}`,
      3 + behind * 4 + patchLevels.int(0, 3),
      behind >= 3 ? 1 : 0,
      behind === 0 ? 7.8 : 8.8
    );
  };
  for (let i = 1; i <= 2; i++) {
    add(`ws-admin-${i}`, `10.10.5.${9 + i}`, Z.enterprise, 'workstation', workstationIdentity(), 3, {
      ipv6: `fd10:10::5:${9 + i}`,
    });
  }
  for (let i = 1; i <= composition.workstations; i++) {
    const index = i - 1;
    const third = 10 + Math.floor(index / 240);
    const fourth = 10 + (index % 240);
    add(
      `ws-${String(i).padStart(composition.workstations >= 100 ? 3 : 2, '0')}`,
      `10.10.${third}.${fourth}`,
      Z.enterprise,
      'workstation',
      workstationIdentity(),
      2,
      { ipv6: `fd10:10::${third.toString(16)}:${fourth.toString(16)}` }
    );
  }

  // L3.5: the industrial DMZ.
  add('jump-1', '172.16.35.10', Z.dmz, 'jump-host', IDENTITIES.jumpHost, 4);
  add('hist-replica-1', '172.16.35.20', Z.dmz, 'historian', IDENTITIES.historianReplica, 2);
  add('patch-1', '172.16.35.30', Z.dmz, 'server', IDENTITIES.patchServer, 2);

  // L3: site operations.
  add('hist-1', '10.20.3.10', Z.siteOperations, 'historian', IDENTITIES.historian, 3);
  add('mes-1', '10.20.3.20', Z.siteOperations, 'mes', IDENTITIES.mes, 2);

  // L2: supervisory.
  add('scada-1', '10.20.2.10', Z.supervisory, 'scada-server', IDENTITIES.scada, 4);
  add('scada-2', '10.20.2.11', Z.supervisory, 'scada-server', IDENTITIES.scada, 4);
  add('ews-1', '10.20.2.20', Z.supervisory, 'engineering-workstation', IDENTITIES.ews, 4);
  for (let i = 1; i <= composition.hmis; i++) {
    // hmi-1 is the control room; hmi-2.. are the local panels, two per train.
    const train = i === 1 ? undefined : Math.floor((i - 2) / 2) + 1;
    add(`hmi-${i}`, `10.20.2.${30 + i}`, Z.supervisory, 'hmi', IDENTITIES.hmi, 3, train ? { train } : {});
  }

  // L1 and L0: per train, the controllers and the networked instruments they poll.
  for (let train = 1; train <= composition.trains; train++) {
    CONTROLLERS.forEach((c, k) => {
      add(`${c.name}-${train}`, `10.20.1.${10 * train + k}`, Z.control, 'plc', c.identity, c.criticality, {
        train,
        unit: c.unit,
        engineeringProtocol: c.protocol,
      });
    });
    INSTRUMENTS.forEach((instrument, k) => {
      add(
        `${instrument.name}-${train}`,
        `10.20.0.${10 * train + k}`,
        Z.process,
        instrument.role,
        instrument.identity,
        3,
        {
          train,
          unit: instrument.unit,
        }
      );
    });
  }

  // Field units outside the treatment trains, each speaking its own protocol to SCADA and the HMIs: the
  // remote booster pump station's RTU (DNP3), the chlorine building's ventilation controller (BACnet/IP)
  // and the packaged UV disinfection skid's controller (EtherNet/IP).
  add('rtu-booster', '10.20.1.200', Z.control, 'rtu', IDENTITIES.boosterRtu, 4, { fieldProtocol: 'dnp3' });
  add('bms-chem', '10.20.1.210', Z.control, 'rtu', IDENTITIES.ventilationController, 4, { fieldProtocol: 'bacnet' });
  add('uv-skid', '10.20.1.220', Z.control, 'rtu', IDENTITIES.uvSkidController, 4, { fieldProtocol: 'enip' });

  // SIS: the safety controller (chlorine gas detection and clearwell overfill), in its own zone.
  add('sis-1', '10.20.9.10', Z.safety, 'safety-plc', IDENTITIES.safetyPlc, 5, {
    unit: 'safety',
    engineeringProtocol: 'modbus',
  });

  return { seed, size, composition, assets };
}

/** A 64-bit hex program identity for a controller, stable for a seed until someone downloads a program. */
export function programHash(seed: number, controller: string, revision = 0): string {
  const high = deriveSeed(seed, `program/${controller}/${revision}/high`);
  const low = deriveSeed(seed, `program/${controller}/${revision}/low`);
  return high.toString(16).padStart(8, '0') + low.toString(16).padStart(8, '0');
}

export function assetNamed(plant: Plant, name: string): PlantAsset | undefined {
  return plant.assets.find((asset) => asset.name === name);
}

/** The asset of that name; the plant's fixed assets always exist, so a miss is a programming error. */
export function requireAsset(plant: Plant, name: string): PlantAsset {
  const asset = assetNamed(plant, name);
  if (asset === undefined) {
    throw new Error(`the plant has no asset ${name}`);
  }
  return asset;
}

export function assetsWithRole(plant: Plant, role: AssetRole): PlantAsset[] {
  return plant.assets.filter((asset) => asset.role === role);
}

/** The field unit supervised over `protocol`; every plant has one of each. */
export function fieldUnit(plant: Plant, protocol: FieldProtocol): PlantAsset {
  const unit = plant.assets.find((a) => a.fieldProtocol === protocol);
  if (unit === undefined) {
    throw new Error(`the plant has no ${protocol} field unit`);
  }
  return unit;
}

/** The controller of a stage in a train. */
export function controllerOf(plant: Plant, train: number, unit: ProcessUnit): PlantAsset | undefined {
  return plant.assets.find((a) => a.role === 'plc' && a.train === train && a.unit === unit);
}
