import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import {
  ANALYSIS_MEASUREMENTS,
  MEASUREMENTS,
  measurementContract,
  measurementsOf,
  STORE_KINDS,
  type StoreKind,
} from './telemetryContract';

/** Telemetry and what the analyzer writes: every measurement the page documents. */
const DOCUMENTED = [...MEASUREMENTS, ...ANALYSIS_MEASUREMENTS];

/** docs/data-contract.md is written by hand; these tests keep its tables equal to the contract in code. */
const DOC = readFileSync(join(__dirname, '..', '..', 'docs', 'data-contract.md'), 'utf8');

interface Table {
  header: string[];
  rows: string[][];
}

/** A Markdown cell's text, without the backticks around a name. */
function cellText(raw: string): string {
  const text = raw.trim();
  return /^`[^`]*`$/.test(text) ? text.slice(1, -1) : text;
}

function tablesIn(text: string): Table[] {
  const tables: Table[] = [];
  let lines: string[] = [];
  const flush = (): void => {
    if (lines.length >= 2) {
      const [header, , ...rows] = lines.map((line) =>
        line
          .trim()
          .replace(/^\||\|$/g, '')
          .split('|')
          .map(cellText)
      );
      tables.push({ header, rows });
    }
    lines = [];
  };
  for (const line of text.split('\n')) {
    if (line.trim().startsWith('|')) {
      lines.push(line);
    } else {
      flush();
    }
  }
  flush();
  return tables;
}

/** The text of each `### \`name\`` section of the Measurements chapter, by measurement name. */
function measurementSections(): Map<string, string> {
  const chapter = DOC.split(/^## /m).find((part) => part.startsWith('Measurements'));
  const sections = new Map<string, string>();
  for (const part of (chapter ?? '').split(/^### /m).slice(1)) {
    const name = /^`([^`]+)`/.exec(part)?.[1];
    if (name !== undefined) {
      sections.set(name, part);
    }
  }
  return sections;
}

function tableStartingWith(section: string, first: string): Table {
  const table = tablesIn(section).find((t) => t.header[0] === first);
  if (table === undefined) {
    throw new Error(`no table with a ${first} column`);
  }
  return table;
}

describe('docs/data-contract.md', () => {
  const sections = measurementSections();

  it('documents every measurement of the contract, and no other', () => {
    expect([...sections.keys()].sort()).toEqual(DOCUMENTED.map((m) => m.name).sort());
  });

  it.each(DOCUMENTED.map((m) => [m.name]))('lists exactly the tags of %s', (name) => {
    const section = sections.get(name) ?? '';
    const documented = tableStartingWith(section, 'Tag').rows.map((row) => row[0]);
    expect([...documented].sort()).toEqual([...(measurementContract(name)?.tags ?? [])].sort());
  });

  it.each(DOCUMENTED.map((m) => [m.name]))('lists exactly the fields of %s with their types', (name) => {
    const section = sections.get(name) ?? '';
    const table = tableStartingWith(section, 'Field');
    expect(table.header[1]).toBe('Type');
    const documented = Object.fromEntries(table.rows.map((row) => [row[0], row[1]]));
    expect(documented).toEqual({ ...measurementContract(name)?.fields });
  });

  it.each(DOCUMENTED.filter((m) => m.countedBy !== undefined).map((m) => [m.name, m.countedBy ?? '']))(
    'tells writers that every %s point must carry %s, a field of its own',
    (name, field) => {
      expect(Object.keys(measurementContract(name)?.fields ?? {})).toContain(field);
      expect(sections.get(name)).toContain(`Every point must carry \`${field}\``);
    }
  );

  it('says which store carries each measurement as the contract does', () => {
    const table = tablesIn(DOC).find((t) => t.header[0] === 'Measurement');
    expect(table?.header).toEqual(['Measurement', 'IT store', 'OT store']);
    const column: Record<StoreKind, number> = { it: 1, ot: 2 };
    for (const store of STORE_KINDS) {
      const documented = (table?.rows ?? []).filter((row) => row[column[store]] === 'yes').map((row) => row[0]);
      expect({ store, measurements: documented.sort() }).toEqual({
        store,
        measurements: [...measurementsOf(store), ...ANALYSIS_MEASUREMENTS.filter((m) => m.stores.includes(store))]
          .map((m) => m.name)
          .sort(),
      });
    }
    expect((table?.rows ?? []).map((row) => row[0]).sort()).toEqual(DOCUMENTED.map((m) => m.name).sort());
  });
});
