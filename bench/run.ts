/**
 * `npm run bench [-- FILTER...]`: runs every `*.bench.ts` of the workspace (or those whose path contains
 * one of the filters), each bundled with esbuild and run in its own `node --expose-gc` process, prints a
 * table to stdout and writes bench/results.json. Progress goes to stderr. A failing file is reported,
 * the others still run, and the exit code is then 1.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';

import { build } from 'esbuild';

import type { BenchRow } from './benchRow';

const root = join(__dirname, '..');
const outDir = join(root, 'node_modules', '.cache', 'conduit-bench');
const resultsPath = join(root, 'bench', 'results.json');
const skippedDirs = new Set(['node_modules', 'dist', 'coverage', 'test-results', 'playwright-report']);
// The simulator's backfill throughput is the headline number, so its file runs and its row prints first.
const headlineFile = 'simulator/src/backfill.bench.ts';
const headlineRow = 'simulator backfill';
// Long enough for the benches that first prepare a simulated week (dashboardLoad: about 20 minutes).
const timeoutMs = Number(process.env.BENCH_TIMEOUT_MS ?? 45 * 60_000);

async function findBenchFiles(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || skippedDirs.has(entry.name)) {
      continue;
    }
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      found.push(...(await findBenchFiles(path)));
    } else if (entry.isFile() && entry.name.endsWith('.bench.ts')) {
      found.push(relative(root, path).split(sep).join('/'));
    }
  }
  return found;
}

function orderFiles(files: string[]): string[] {
  return [...files].sort((a, b) => {
    if (a === headlineFile || b === headlineFile) {
      return a === headlineFile ? -1 : 1;
    }
    return a < b ? -1 : a > b ? 1 : 0;
  });
}

/** The message naming what is wrong with the rows a bench file returned, or undefined when they are valid. */
function rowsProblem(rows: unknown): string | undefined {
  if (!Array.isArray(rows)) {
    return 'the default export did not resolve to an array of rows';
  }
  for (const [index, row] of rows.entries()) {
    const r = row as Partial<Record<keyof BenchRow, unknown>>;
    const at = `row ${index}${typeof r.name === 'string' ? ` (${r.name})` : ''}`;
    if (typeof r !== 'object' || r === null) {
      return `${at} is not an object`;
    }
    if (typeof r.name !== 'string' || r.name === '') {
      return `${at}: name must be a non-empty string`;
    }
    if (typeof r.value !== 'number' || !Number.isFinite(r.value)) {
      return `${at}: value must be a finite number`;
    }
    if (typeof r.unit !== 'string') {
      return `${at}: unit must be a string`;
    }
    for (const key of ['baseline', 'ratio'] as const) {
      if (r[key] !== null && (typeof r[key] !== 'number' || !Number.isFinite(r[key]))) {
        return `${at}: ${key} must be a finite number or null`;
      }
    }
  }
  return undefined;
}

// The entry that runs one bench file: it calls the default export and writes the rows as JSON.
function entrySource(benchPath: string, rowsPath: string): string {
  return `
import run from ${JSON.stringify(benchPath)};
import { writeFileSync } from 'node:fs';
Promise.resolve()
  .then(() => {
    if (typeof run !== 'function') throw new Error('the file has no default-exported function');
    return run();
  })
  .then((rows) => writeFileSync(${JSON.stringify(rowsPath)}, JSON.stringify(rows)))
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
`;
}

async function runFile(file: string, index: number): Promise<BenchRow[]> {
  const benchPath = join(root, file);
  const bundlePath = join(outDir, `${index}-${file.replace(/[^A-Za-z0-9]+/g, '_')}.js`);
  const rowsPath = `${bundlePath}.rows.json`;
  await rm(rowsPath, { force: true });
  await build({
    stdin: { contents: entrySource(benchPath, rowsPath), resolveDir: root, loader: 'ts', sourcefile: 'bench-entry.ts' },
    outfile: bundlePath,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline',
    packages: 'external',
    alias: { '@conduit/core': join(root, 'core/src/index.ts') },
    logLevel: 'error',
  });
  // The bundle sits outside the bench file's workspace, so point Node at that workspace's packages too.
  const nodePath = [join(dirname(benchPath), 'node_modules'), workspaceModules(benchPath), join(root, 'node_modules')];
  const code = await new Promise<number | string>((resolve) => {
    const child = spawn(process.execPath, ['--expose-gc', '--enable-source-maps', bundlePath], {
      cwd: root,
      stdio: ['ignore', 2, 2],
      env: { ...process.env, NODE_PATH: nodePath.join(':'), NODE_ENV: 'production' },
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', (error) => resolve(error.message));
    child.once('exit', (exitCode, signal) => {
      clearTimeout(timer);
      resolve(signal !== null ? `killed by ${signal}` : (exitCode ?? 1));
    });
  });
  if (code !== 0) {
    throw new Error(typeof code === 'number' ? `exited with code ${code}` : code);
  }
  if (!existsSync(rowsPath)) {
    throw new Error('wrote no rows');
  }
  const rows: unknown = JSON.parse(await readFile(rowsPath, 'utf8'));
  await Promise.all([rm(rowsPath, { force: true }), rm(bundlePath, { force: true })]);
  const problem = rowsProblem(rows);
  if (problem !== undefined) {
    throw new Error(problem);
  }
  return rows as BenchRow[];
}

/** The node_modules of the workspace holding `path` (its nearest folder with a package.json). */
function workspaceModules(path: string): string {
  let dir = dirname(path);
  while (dir.startsWith(root) && dir !== root && !existsSync(join(dir, 'package.json'))) {
    dir = dirname(dir);
  }
  return join(dir, 'node_modules');
}

function formatNumber(value: number | null): string {
  if (value === null) {
    return '-';
  }
  const abs = Math.abs(value);
  if (abs >= 1000) {
    return Math.round(value).toLocaleString('en-US');
  }
  return abs >= 10 ? value.toFixed(1) : value.toFixed(3);
}

function table(rows: BenchRow[]): string {
  const header = ['name', 'value', 'unit', 'baseline', 'ratio', 'note'];
  const cells = rows.map((r) => [
    r.name,
    formatNumber(r.value),
    r.unit,
    formatNumber(r.baseline),
    r.ratio === null ? '-' : `${r.ratio.toFixed(2)}x`,
    r.note ?? '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const numeric = new Set([1, 3, 4]);
  const line = (c: string[]) =>
    c
      .map((cell, i) => (numeric.has(i) ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

async function main(): Promise<number> {
  const filters = process.argv.slice(2);
  const all = orderFiles(await findBenchFiles(root));
  const files = filters.length === 0 ? all : all.filter((f) => filters.some((filter) => f.includes(filter)));
  if (files.length === 0) {
    console.error(filters.length === 0 ? 'bench: no *.bench.ts files found' : `bench: no file matches ${filters}`);
    return 1;
  }
  await mkdir(outDir, { recursive: true });
  const rows: BenchRow[] = [];
  const failures: string[] = [];
  for (const [index, file] of files.entries()) {
    const start = Date.now();
    console.error(`bench: [${index + 1}/${files.length}] ${file} ...`);
    try {
      const fileRows = await runFile(file, index);
      rows.push(...fileRows);
      console.error(
        `bench: [${index + 1}/${files.length}] ${file}: ${fileRows.length} rows in ${Date.now() - start} ms`
      );
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      failures.push(`${file}: ${message}`);
      console.error(`bench: [${index + 1}/${files.length}] ${file} FAILED: ${message}`);
    }
  }
  // Stable sort: the headline row first, every other row in file order.
  rows.sort((a, b) => Number(b.name === headlineRow) - Number(a.name === headlineRow));

  process.stdout.write(`${table(rows)}\n`);
  const stored = rows.map(({ name, value, unit, baseline, ratio }) => ({ name, value, unit, baseline, ratio }));
  await writeFile(resultsPath, `${JSON.stringify(stored, null, 2)}\n`);
  console.error(`bench: wrote ${relative(root, resultsPath)} (${rows.length} rows)`);
  if (failures.length > 0) {
    console.error(`bench: ${failures.length} file(s) failed:\n  ${failures.join('\n  ')}`);
    return 1;
  }
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  }
);
