/**
 * The command-line tools read relative paths from the folder they are started in, however they are started:
 * npx and npm exec (which start a workspace's command in the workspace's folder), node on the script, or the
 * command on the PATH as a globalBin install puts it. Each way imports the tutorial's logs from their own folder.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');
const TUTORIAL = join(ROOT, 'cli', 'src', 'testdata');
const ARGS = ['--model', 'plant.yaml', 'riverside-conn.log'];

/** The environment of a shell, without what an npm script that started the tests would add. */
function shellEnv(extraPath?: string): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_|^INIT_CWD$/i.test(key)));
  return extraPath === undefined ? env : { ...env, PATH: `${extraPath}:${env.PATH ?? ''}` };
}

async function importFrom(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  const { stdout, stderr } = await run(file, [...args, ...ARGS], { cwd: TUTORIAL, env, maxBuffer: 1 << 26 });
  expect(stderr).toContain('riverside-conn.log: conn (tsv)');
  return stdout;
}

describe('conduit-import started from the folder of its files', () => {
  let globalBin: string;
  beforeAll(() => {
    globalBin = mkdtempSync(join(tmpdir(), 'conduit-globalBin-'));
    symlinkSync(join(ROOT, 'cli', 'bin', 'conduit-import.js'), join(globalBin, 'conduit-import'));
  });
  afterAll(() => rmSync(globalBin, { recursive: true, force: true }));

  it.each([
    ['npx', 'npx', ['conduit-import']],
    ['npm exec', 'npm', ['exec', '--', 'conduit-import']],
    ['node', process.execPath, [join(ROOT, 'cli', 'bin', 'conduit-import.js')]],
  ])('reads them when started with %s', async (_way, file, args) => {
    const points = await importFrom(file, args, shellEnv());
    expect(points.split('\n').filter((line) => line.startsWith('flow,')).length).toBeGreaterThan(100);
  });

  it('reads them when installed on the PATH', async () => {
    const points = await importFrom('conduit-import', [], shellEnv(globalBin));
    expect(points).toMatch(/^flow,/m);
  });
});
