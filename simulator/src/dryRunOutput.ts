/**
 * `--dry-run` output: the points as line protocol in the file format `influx -import` reads, each
 * store's lines under a CONTEXT-DATABASE line, so the output can be replayed into the stores later.
 */
import { encodePoint, type TelemetryPoint } from '@conduit/core';

export function importFileHeader(databases: readonly string[]): string {
  return ['# DDL', ...databases.map((db) => `CREATE DATABASE "${db.replace(/"/g, '\\"')}"`), '# DML', ''].join('\n');
}

/** One window's points of one store, with the database context line first. */
export function importFileChunk(database: string, points: readonly TelemetryPoint[]): string {
  if (points.length === 0) {
    return '';
  }
  let text = `# CONTEXT-DATABASE: ${database}\n`;
  for (const point of points) {
    text += encodePoint(point) + '\n';
  }
  return text;
}
