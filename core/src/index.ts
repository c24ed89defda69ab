export * from './zoneModel';
export * from './telemetryContract';
