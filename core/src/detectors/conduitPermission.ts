/**
 * Whether a conduit's allow-list permits a connection or an OT request, and if not, why, in words an
 * analyst can check against the zone model.
 */
import type { Conduit, ConduitService, ServiceOperation } from '../model/zoneModel';

export type RefusalReason = 'no-conduit' | 'service' | 'source-role' | 'operation' | 'function-code';

export type Permission =
  | { allowed: true; conduit: Conduit; service: ConduitService }
  | { allowed: false; reason: RefusalReason; conduit?: Conduit; service?: ConduitService; detail: string };

/** Operations that change a controller need a conduit that allows writes; the rest only read. */
export function operationClass(operation: string): ServiceOperation {
  switch (operation) {
    case 'write':
    case 'program_download':
    case 'mode_change':
    case 'firmware_update':
      return 'write';
    default:
      return 'read';
  }
}

function sameProtocol(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

function describeService(service: ConduitService): string {
  return service.port === undefined ? service.protocol : `${service.protocol}/${service.port}`;
}

function roleAllowed(service: ConduitService, role: string | undefined): boolean {
  return service.sourceRoles === undefined || (role !== undefined && service.sourceRoles.includes(role));
}

/** A role with its indefinite article, for a sentence. */
export function aRole(role: string): string {
  return `${/^[aeiou]/i.test(role) ? 'an' : 'a'} ${role}`;
}

function roleDetail(conduit: Conduit, service: ConduitService, role: string | undefined): string {
  const roles = (service.sourceRoles ?? []).join(', ');
  return `conduit ${conduit.id} allows ${describeService(service)} only from ${roles}, and the source is ${
    role === undefined ? 'of no known role' : aRole(role)
  }`;
}

/**
 * Checks a connection (protocol as the flow's service tag names it, destination port) against the
 * conduits between its zones. An unnamed service matches on the port alone.
 */
export function connectionPermission(
  conduits: readonly Conduit[],
  protocol: string,
  port: number,
  role: string | undefined
): Permission {
  if (conduits.length === 0) {
    return { allowed: false, reason: 'no-conduit', detail: 'no conduit connects these zones in this direction' };
  }
  let roleRefusal: Permission | undefined;
  for (const conduit of conduits) {
    for (const service of conduit.services) {
      const protocolMatches = protocol === '' || sameProtocol(service.protocol, protocol);
      const portMatches = service.port === undefined || service.port === port;
      if (!protocolMatches || !portMatches) {
        continue;
      }
      if (roleAllowed(service, role)) {
        return { allowed: true, conduit, service };
      }
      roleRefusal ??= {
        allowed: false,
        reason: 'source-role',
        conduit,
        service,
        detail: roleDetail(conduit, service, role),
      };
    }
  }
  if (roleRefusal !== undefined) {
    return roleRefusal;
  }
  const allowed = conduits.flatMap((c) => c.services.map(describeService));
  return {
    allowed: false,
    reason: 'service',
    conduit: conduits[0],
    detail: `no conduit between these zones allows ${protocol === '' ? 'port' : protocol + '/'}${port} (allowed: ${
      allowed.length > 0 ? [...new Set(allowed)].join(', ') : 'nothing'
    })`,
  };
}

/**
 * Checks an OT request (protocol, normalised operation, function code) against the conduits between its
 * zones. Where several services could apply, the refusal names the one closest to allowing it.
 */
export function otRequestPermission(
  conduits: readonly Conduit[],
  protocol: string,
  operation: string,
  functionCode: string,
  role: string | undefined
): Permission {
  if (conduits.length === 0) {
    return { allowed: false, reason: 'no-conduit', detail: 'no conduit connects these zones in this direction' };
  }
  const wanted = operationClass(operation);
  const code = functionCode === '' ? undefined : Number(functionCode);
  let best: { rank: number; permission: Permission } | undefined;
  const consider = (rank: number, permission: Permission) => {
    if (best === undefined || rank > best.rank) {
      best = { rank, permission };
    }
  };
  for (const conduit of conduits) {
    for (const service of conduit.services) {
      if (!sameProtocol(service.protocol, protocol)) {
        continue;
      }
      if (!roleAllowed(service, role)) {
        consider(1, {
          allowed: false,
          reason: 'source-role',
          conduit,
          service,
          detail: roleDetail(conduit, service, role),
        });
        continue;
      }
      if (service.operations !== undefined && !service.operations.includes(wanted)) {
        consider(2, {
          allowed: false,
          reason: 'operation',
          conduit,
          service,
          detail: `conduit ${conduit.id} allows ${service.operations.join(' and ')} only on ${describeService(service)}`,
        });
        continue;
      }
      if (service.functionCodes !== undefined && (code === undefined || !service.functionCodes.includes(code))) {
        consider(3, {
          allowed: false,
          reason: 'function-code',
          conduit,
          service,
          detail: `conduit ${conduit.id} allows function codes ${service.functionCodes.join(', ')} only`,
        });
        continue;
      }
      return { allowed: true, conduit, service };
    }
  }
  if (best !== undefined) {
    return best.permission;
  }
  return {
    allowed: false,
    reason: 'service',
    conduit: conduits[0],
    detail: `no conduit between these zones allows ${protocol === '' ? 'this protocol' : protocol}`,
  };
}
