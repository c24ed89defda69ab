export * from './zoneModel';
export * from './telemetryContract';
export * from './finding';
export * from './observations';
export * from './scenarioLabel';
