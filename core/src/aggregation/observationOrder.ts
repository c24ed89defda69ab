/**
 * The one order observations are kept in, whichever path made them, so two paths over the same data
 * give equal arrays and detectors see records in a stable order (time first, then identity).
 */
import type {
  AlertRecord,
  AssetRecord,
  AuthAggregate,
  ControllerStateSample,
  FlowAggregate,
  Observations,
  OtOperationAggregate,
  ProcessPointStat,
} from '../observations';

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Flows of one bucket: by source, destination, service, port, then the attribution tags. */
export function compareFlowSeries(a: FlowAggregate, b: FlowAggregate): number {
  return (
    compareText(a.srcIp, b.srcIp) ||
    compareText(a.dstIp, b.dstIp) ||
    compareText(a.service, b.service) ||
    a.dstPort - b.dstPort ||
    compareText(a.transport, b.transport) ||
    compareText(a.srcAsset, b.srcAsset) ||
    compareText(a.dstAsset, b.dstAsset) ||
    compareText(a.srcZone, b.srcZone) ||
    compareText(a.dstZone, b.dstZone)
  );
}

export function compareOtOperationSeries(a: OtOperationAggregate, b: OtOperationAggregate): number {
  return (
    compareText(a.srcIp, b.srcIp) ||
    compareText(a.dstIp, b.dstIp) ||
    compareText(a.protocol, b.protocol) ||
    compareText(a.operation, b.operation) ||
    compareText(a.functionCode, b.functionCode) ||
    compareText(a.srcAsset, b.srcAsset) ||
    compareText(a.dstAsset, b.dstAsset) ||
    compareText(a.srcZone, b.srcZone) ||
    compareText(a.dstZone, b.dstZone)
  );
}

export function compareProcessSeries(a: ProcessPointStat, b: ProcessPointStat): number {
  return (
    compareText(a.asset, b.asset) ||
    compareText(a.point, b.point) ||
    compareText(a.zone, b.zone) ||
    compareText(a.kind, b.kind) ||
    compareText(a.unit, b.unit)
  );
}

export function compareFlows(a: FlowAggregate, b: FlowAggregate): number {
  return a.bucketStart - b.bucketStart || compareFlowSeries(a, b);
}

export function compareOtOperations(a: OtOperationAggregate, b: OtOperationAggregate): number {
  return a.bucketStart - b.bucketStart || compareOtOperationSeries(a, b);
}

export function compareProcessStats(a: ProcessPointStat, b: ProcessPointStat): number {
  return a.bucketStart - b.bucketStart || compareProcessSeries(a, b);
}

export function compareAuth(a: AuthAggregate, b: AuthAggregate): number {
  return a.bucketStart - b.bucketStart || compareAuthSeries(a, b);
}

export function compareControllerStates(a: ControllerStateSample, b: ControllerStateSample): number {
  return a.time - b.time || compareText(a.asset, b.asset) || compareText(a.zone, b.zone);
}

export function compareAuthSeries(a: AuthAggregate, b: AuthAggregate): number {
  return (
    compareText(a.asset, b.asset) ||
    compareText(a.srcIp, b.srcIp) ||
    compareText(a.user, b.user) ||
    compareText(a.method, b.method) ||
    compareText(a.result, b.result) ||
    compareText(a.zone, b.zone) ||
    compareText(a.srcAsset, b.srcAsset) ||
    compareText(a.srcZone, b.srcZone)
  );
}

export function compareAlerts(a: AlertRecord, b: AlertRecord): number {
  return (
    a.time - b.time ||
    compareText(a.asset, b.asset) ||
    compareText(a.source, b.source) ||
    compareText(a.signature, b.signature) ||
    compareText(a.srcIp, b.srcIp) ||
    compareText(a.dstIp, b.dstIp)
  );
}

export function compareAssets(a: AssetRecord, b: AssetRecord): number {
  return a.time - b.time || compareText(a.asset, b.asset) || compareText(a.zone, b.zone);
}

/** Sorts every list of `observations` in place into the canonical order and returns it. */
export function sortObservations(observations: Observations): Observations {
  observations.flows.sort(compareFlows);
  observations.otOperations.sort(compareOtOperations);
  observations.processStats.sort(compareProcessStats);
  observations.controllerStates.sort(compareControllerStates);
  observations.auth.sort(compareAuth);
  observations.alerts.sort(compareAlerts);
  observations.assets.sort(compareAssets);
  return observations;
}

/** Observations with nothing in them, over a range. */
export function emptyObservations(from: number, to: number): Observations {
  return {
    range: { from, to },
    flows: [],
    otOperations: [],
    processStats: [],
    controllerStates: [],
    auth: [],
    alerts: [],
    assets: [],
  };
}
