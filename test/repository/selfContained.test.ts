import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { findOutsideReferences, outsideReferencesOfRepository, repositoryFiles } from './outsidePaths';

const REPO_ROOT = resolve(__dirname, '../..');

// The paths these tests look for are put together here, so this file does not hold them itself.
const PARENT = '..';
const up = (levels: number): string => Array<string>(levels).fill(PARENT).join('/');
const quoted = (text: string): string => `'${text}'`;
const SHARED = 'shared';
const WORKSPACE = ['', 'work', 'main'].join('/');

function reasonsIn(file: string, content: string, root = REPO_ROOT): string[] {
  return findOutsideReferences(root, file, content).map((found) => found.reason);
}

describe('the repository', () => {
  it('reads nothing from outside its root in any test, script or configuration', () => {
    const found = outsideReferencesOfRepository(REPO_ROOT).map(
      (reference) => `${reference.file}:${reference.line}: ${reference.reason}: ${reference.text}`
    );

    expect(found).toEqual([]);
  });

  it('is scanned file by file, this check and the Grafana reference data included', () => {
    const files = repositoryFiles(REPO_ROOT);

    expect(files).toEqual(
      expect.arrayContaining([
        'test/repository/selfContained.test.ts',
        'test/grafana-reference/plugin.schema.json',
        'test/grafana-reference/shared-dependencies.txt',
        'scripts/test.sh',
      ])
    );
    expect(files.filter((file) => file.split('/').includes('node_modules'))).toEqual([]);
  });
});

describe('findOutsideReferences', () => {
  it('finds the shared folder beside the repository as a path and as joined segments', () => {
    const asPath = `const SHARED = path.resolve(ROOT, ${quoted(`${PARENT}/${SHARED}/grafana`)});`;
    const asSegments = `join(repoRoot, ${quoted(PARENT)}, ${quoted(SHARED)}, 'grafana');`;

    expect(reasonsIn('test/build/x.test.ts', asPath)).toContain('reads the shared folder beside the repository');
    expect(reasonsIn('test/host/x.ts', asSegments)).toContain('reads the shared folder beside the repository');
  });

  it("finds absolute paths of one machine's workspace or home folder", () => {
    for (const path of [`${WORKSPACE}/test`, ['', 'home', 'ci', 'grafana'].join('/'), 'C:\\Users\\ci\\x']) {
      expect(reasonsIn('playwright.config.ts', `const dir = ${quoted(path)};`)).toEqual([
        "names an absolute path of one machine's workspace or home folder",
      ]);
    }
  });

  it('finds a relative path that climbs above the root from the file that holds it', () => {
    const path = `${up(3)}/elsewhere/data.json`;

    expect(reasonsIn('test/host/x.ts', `readFileSync(${quoted(path)})`)).toEqual([
      `the relative path ${path} leads above the repository root`,
    ]);
    expect(reasonsIn('docs/guide.md', `See [the data](${up(2)}/data.md).`)).toEqual([
      `the relative path ${up(2)}/data.md leads above the repository root`,
    ]);
  });

  it('measures the relative paths of shell scripts from the root, where they run', () => {
    expect(reasonsIn('scripts/run.sh', `cp ${quoted(`${PARENT}/x`)} .`)).toEqual([
      `the relative path ${PARENT}/x leads above the repository root`,
    ]);
  });

  it('finds joins from __dirname or the repository root that climb above the root', () => {
    const fromDir = `join(__dirname, ${[PARENT, PARENT, PARENT].map(quoted).join(', ')}, 'x')`;
    const fromRoot = `path.resolve(REPO_ROOT, ${quoted(PARENT)})`;

    expect(reasonsIn('test/host/x.ts', fromDir)).toEqual([
      `__dirname joined with ${[PARENT, PARENT, PARENT].join(', ')}, x leads above the repository root`,
    ]);
    expect(reasonsIn('scripts/x.ts', fromRoot)).toEqual([
      `REPO_ROOT joined with ${PARENT} leads above the repository root`,
    ]);
  });

  it('accepts paths that stay inside, web addresses and system paths', () => {
    const inside = [
      `import { startInfluxd } from ${quoted(`${up(3)}/test/helpers/influxd`)};`,
      `const REPO_ROOT = resolve(__dirname, ${quoted(up(2))});`,
      `"extends": ${quoted(`${up(2)}/tsconfig.json`)}`,
      'executablePath: "/usr/bin/chromium", url: "https://example.com/home/work/x"',
      `join(tempRoot, ${quoted(PARENT)})`,
    ];

    for (const line of inside) {
      expect({ line, reasons: reasonsIn('core/src/aggregation/x.test.ts', line) }).toEqual({ line, reasons: [] });
    }
  });

  it('lists files outside a git checkout too, without installed or built folders', () => {
    const root = mkdtempSync(join(tmpdir(), 'conduit-outside-paths-'));
    try {
      writeFileSync(join(root, 'config.ts'), `export const DATA = ${quoted(`${PARENT}/${SHARED}/data.json`)};\n`);

      expect(outsideReferencesOfRepository(root)).toEqual([
        expect.objectContaining({
          file: 'config.ts',
          line: 1,
          reason: 'reads the shared folder beside the repository',
        }),
        expect.objectContaining({ file: 'config.ts', line: 1, reason: expect.stringMatching(/leads above/) }),
      ]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
