/**
 * Docs that cannot go stale: every shell block of the repository's Markdown is run here, or says why not, and each
 * output block shown after a run must be what the run prints now. Runs of one page share a shell's folder, starting
 * at the repository's root, so a tutorial runs as a reader follows it. Blocks marked `stores` get two fresh influxd
 * servers in place of `it-store` and `ot-store`; what they print names those hosts again.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { startInfluxd, type RunningInfluxd } from '../helpers/influxd';

import {
  documentedRuns,
  matchesWhole,
  missingLines,
  type DocumentedOutput,
  type DocumentedRun,
} from './documentedRuns';

const ROOT = join(__dirname, '..', '..');
const STORE_HOSTS = { it: 'http://it-store:8086', ot: 'http://ot-store:8086' } as const;
const DATABASES = ['conduit_it', 'conduit_ot'];

function trackedFiles(pattern: string): string[] {
  return gitLines(['ls-files', pattern]);
}

/** Synchronous on purpose: the list of pages decides which tests exist. */
function gitLines(args: string[]): string[] {
  return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' })
    .split('\n')
    .filter((line) => line !== '');
}

/** Durations vary from run to run: `in 0.5 s`, `12 ms` read as `N s`. */
function masked(text: string): string {
  return text.replace(/\b\d+(?:\.\d+)? ?m?s\b/g, 'N s');
}

/** The environment of a reader's shell: none of what the npm script that started the tests added. */
function shellEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_|^INIT_CWD$/i.test(key)));
}

interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  cwd: string;
}

function runScript(script: string, cwd: string, scratch: string): Promise<RunResult> {
  const cwdFile = join(scratch, 'cwd');
  const wrapped = `set -o pipefail\n${script}\n__status=$?\npwd > "${cwdFile}"\nexit $__status\n`;
  return new Promise((resolve) => {
    execFile('bash', ['-c', wrapped], { cwd, env: shellEnv(), maxBuffer: 1 << 28 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
      let after = cwd;
      try {
        after = readFileSync(cwdFile, 'utf8').trim();
      } catch {
        // The script ended the shell before pwd: the folder stays.
      }
      resolve({ code, stdout, stderr, cwd: after });
    });
  });
}

function outputProblem(output: DocumentedOutput, actual: string): string | undefined {
  const documented = masked(output.text).split('\n');
  const lines = masked(actual).replace(/\n$/, '').split('\n');
  if (output.match === 'lines') {
    const missing = missingLines(documented, lines);
    return missing.length === 0
      ? undefined
      : `these lines are not in ${output.stream}, in order:\n${missing.join('\n')}`;
  }
  return matchesWhole(documented, lines) ? undefined : `${output.stream} differs; it is now:\n${actual}`;
}

/** What an output block shows: a stream of the run, or a file it wrote. */
function shownText(stream: string, result: RunResult): string {
  if (stream === 'stdout' || stream === 'stderr') {
    return result[stream];
  }
  try {
    return readFileSync(join(result.cwd, stream), 'utf8');
  } catch (error) {
    return `(cannot read ${stream}: ${error instanceof Error ? error.message : String(error)})`;
  }
}

interface Stores {
  it: RunningInfluxd;
  ot: RunningInfluxd;
}

describe.each(trackedFiles('*.md').filter((file) => !file.endsWith('CHANGELOG.md')))('%s', (page) => {
  const markdown = readFileSync(join(ROOT, page), 'utf8');
  const blocks = documentedRuns(markdown);
  let stores: Stores | undefined;
  let scratch: string;
  const untrackedBefore = new Set<string>();

  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'conduit-docs-'));
    for (const file of gitLines(['ls-files', '--others', '--exclude-standard'])) {
      untrackedBefore.add(file);
    }
  });

  afterAll(async () => {
    await Promise.all([stores?.it.stop(), stores?.ot.stop()]);
    rmSync(scratch, { recursive: true, force: true });
    // What the page's runs wrote (the tutorial's riverside.lp) goes; nothing else is touched.
    for (const file of gitLines(['ls-files', '--others', '--exclude-standard'])) {
      if (!untrackedBefore.has(file)) {
        rmSync(join(ROOT, file), { force: true });
      }
    }
  });

  it('says of every shell block whether it is run', () => {
    expect(blocks.problems).toEqual([]);
  });

  if (blocks.runs.length === 0) {
    return;
  }

  it(`prints what the page shows for each of its ${blocks.runs.length} runs`, async () => {
    let cwd = ROOT;
    const failures: string[] = [];
    for (const run of blocks.runs) {
      if (run.stores && stores === undefined) {
        const [it, ot] = await Promise.all([
          startInfluxd({ databases: DATABASES }),
          startInfluxd({ databases: DATABASES }),
        ]);
        stores = { it, ot };
      }
      const result = await execute(run, cwd, stores);
      cwd = result.cwd;
      if (result.code !== run.exitCode) {
        failures.push(`line ${run.line}: exit code ${result.code}, expected ${run.exitCode}\n${result.stderr}`);
        continue;
      }
      for (const output of run.outputs) {
        const problem = outputProblem(output, shownText(output.stream, result));
        if (problem !== undefined) {
          failures.push(`line ${output.line}: ${problem}`);
        }
      }
    }
    expect(failures).toEqual([]);
  }, 300_000);

  async function execute(run: DocumentedRun, cwd: string, running: Stores | undefined): Promise<RunResult> {
    let script = run.script;
    if (running !== undefined) {
      script = script.replaceAll(STORE_HOSTS.it, running.it.url).replaceAll(STORE_HOSTS.ot, running.ot.url);
    }
    const result = await runScript(script, cwd, scratch);
    if (running === undefined) {
      return result;
    }
    const named = (text: string): string =>
      text.replaceAll(running.it.url, STORE_HOSTS.it).replaceAll(running.ot.url, STORE_HOSTS.ot);
    return { ...result, stdout: named(result.stdout), stderr: named(result.stderr) };
  }
});
