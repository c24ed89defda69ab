/**
 * Checks the built suite against Grafana's own contracts, kept in test/grafana-reference (its README says where
 * each comes from): plugin.json against Grafana's published schema, and each module.js against the modules
 * Grafana's plugin loader shares. Needs `npm run build:plugins` first.
 */
import Ajv, { type ValidateFunction } from 'ajv';
import fs from 'fs';
import path from 'path';

import { readSharedDependencies } from '../host/sharedModules';

const ROOT = path.resolve(__dirname, '../..');
const REFERENCE = path.join(ROOT, 'test/grafana-reference');
const APP_DIST = path.join(ROOT, 'app-plugin/dist');

/** AMD dependencies that the loader itself supplies, not modules. */
const AMD_PSEUDO_MODULES = new Set(['module', 'exports', 'require']);

/** Strings only React's own code contains: element creation and its internals. */
const REACT_INTERNALS = [
  '__SECRET_INTERNALS_DO_NOT_USE_OR_YOU_WILL_BE_FIRED',
  '__CLIENT_INTERNALS_DO_NOT_USE_OR_WARN_USERS_THEY_CANNOT_UPGRADE',
  'react.transitional.element',
  'Symbol.for("react.element")',
  "Symbol.for('react.element')",
];

interface PluginJson {
  id: string;
  type: string;
  info: { version: string; updated: string; logos: { small: string; large: string } };
  includes?: Array<{ type: string; name?: string; path?: string }>;
  dependencies: { grafanaDependency: string };
}

function readJson<T>(file: string): T {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

function referenceFile(name: string): string {
  const file = path.join(REFERENCE, name);
  if (!fs.existsSync(file)) {
    throw new Error(`${file} is missing: the build checks need Grafana's reference data in test/grafana-reference`);
  }
  return file;
}

function requireBuild(): void {
  if (!fs.existsSync(path.join(APP_DIST, 'plugin.json'))) {
    throw new Error(`${APP_DIST} is missing: run npm run build first (npm run build:plugins builds the plugins)`);
  }
  // These checks are about what ships; a development build uses jsx-dev-runtime and inline source maps.
  if (fs.readFileSync(path.join(APP_DIST, 'module.js'), 'utf8').includes('eval-source-map')) {
    throw new Error(`${APP_DIST} holds a development build: run npm run build:plugins for the production build`);
  }
}

function schemaValidator(): ValidateFunction {
  // Grafana's patterns escape '-' and '%', which JavaScript allows only in non-unicode regular expressions.
  // The schema names two formats; Ajv knows none without ajv-formats, so define the two it needs.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  ajv.addFormat('email', /^[^\s@]+@[^\s@]+$/);
  ajv.addFormat('uri', (value: string) => URL.canParse(value));
  return ajv.compile(readJson(referenceFile('plugin.schema.json')));
}

function sharedModules(): Set<string> {
  return new Set(readSharedDependencies(ROOT));
}

/** Workspace folders that hold a plugin: each has src/plugin.json. */
function pluginDirs(): string[] {
  const panels = fs.readdirSync(path.join(ROOT, 'panels')).map((name) => `panels/${name}`);
  return ['app-plugin', 'datasource', ...panels].filter((dir) =>
    fs.existsSync(path.join(ROOT, dir, 'src/plugin.json'))
  );
}

/** Folders of the built suite that hold a plugin: the app's dist and the nested plugins it includes. */
function builtPluginDirs(): string[] {
  const app = readJson<PluginJson>(path.join(APP_DIST, 'plugin.json'));
  const nested = (app.includes ?? [])
    .filter((include) => include.type === 'datasource' || include.type === 'panel')
    .map((include) => path.join(APP_DIST, path.dirname(include.path ?? '')));
  return [APP_DIST, ...nested];
}

function amdDependencies(moduleFile: string): string[] {
  const code = fs.readFileSync(moduleFile, 'utf8');
  const match = /^(?:\/\*[\s\S]*?\*\/\s*)*define\((\[[^\]]*\])/.exec(code);
  if (!match) {
    throw new Error(`${moduleFile} does not start with an AMD define([...]) call`);
  }
  return JSON.parse(match[1]);
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    return entry.isDirectory()
      ? sourceFiles(file)
      : /\.tsx?$/.test(entry.name) && !/\.test\./.test(entry.name)
        ? [file]
        : [];
  });
}

function errorsOf(validate: ValidateFunction): string {
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ');
}

describe('plugin.json', () => {
  const validate = schemaValidator();

  it.each(pluginDirs())('of %s validates against Grafana plugin schema in its source form', (dir) => {
    const pluginJson = readJson<PluginJson>(path.join(ROOT, dir, 'src/plugin.json'));

    expect(validate(pluginJson) ? '' : errorsOf(validate)).toBe('');
    expect(pluginJson.dependencies.grafanaDependency).toBe('>=12.3.0');
  });

  it('of every built plugin validates, with the suite version and build date filled in', () => {
    requireBuild();
    const version = readJson<{ version: string }>(path.join(ROOT, 'package.json')).version;

    for (const dir of builtPluginDirs()) {
      const pluginJson = readJson<PluginJson>(path.join(dir, 'plugin.json'));
      expect({ dir, errors: validate(pluginJson) ? '' : errorsOf(validate) }).toEqual({ dir, errors: '' });
      expect(pluginJson.info.version).toBe(version);
      expect(pluginJson.info.updated).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });
});

describe('the built suite', () => {
  it('nests every plugin in the app dist where the app includes it, with matching id and type', () => {
    requireBuild();
    const app = readJson<PluginJson>(path.join(APP_DIST, 'plugin.json'));
    const nested = (app.includes ?? []).filter((include) => include.type === 'datasource' || include.type === 'panel');

    const found = nested.map((include) => {
      const file = path.join(APP_DIST, include.path ?? '');
      expect({ include: include.path, exists: fs.existsSync(file) }).toEqual({ include: include.path, exists: true });
      const plugin = readJson<PluginJson>(file);
      expect(plugin.type).toBe(include.type);
      return plugin.id;
    });

    const sources = pluginDirs()
      .map((dir) => readJson<PluginJson>(path.join(ROOT, dir, 'src/plugin.json')))
      .filter((plugin) => plugin.type !== 'app')
      .map((plugin) => plugin.id);
    expect(found.sort()).toEqual(sources.sort());
  });

  it('ships module.js, README, LICENSE, CHANGELOG and logos in every plugin folder', () => {
    requireBuild();

    for (const dir of builtPluginDirs()) {
      const { info } = readJson<PluginJson>(path.join(dir, 'plugin.json'));
      for (const file of [
        'module.js',
        'module.js.map',
        'README.md',
        'LICENSE',
        'CHANGELOG.md',
        info.logos.small,
        info.logos.large,
      ]) {
        expect({ dir, file, exists: fs.existsSync(path.join(dir, file)) }).toEqual({ dir, file, exists: true });
      }
    }
  });
});

describe('module.js', () => {
  const shared = sharedModules();

  it('of every plugin leaves only modules Grafana shares external, and takes its own location from the AMD loader', () => {
    requireBuild();

    for (const dir of builtPluginDirs()) {
      const dependencies = amdDependencies(path.join(dir, 'module.js'));
      const unshared = dependencies.filter((name) => !AMD_PSEUDO_MODULES.has(name) && !shared.has(name));
      expect({ dir, unshared }).toEqual({ dir, unshared: [] });
      // SystemJS's `module` record gives the public path lazy chunks load from.
      expect({ dir, usesModuleUri: dependencies.includes('module') }).toEqual({ dir, usesModuleUri: true });
    }
  });

  it('of every plugin that renders JSX takes the JSX runtime and React from Grafana', () => {
    requireBuild();

    for (const dir of pluginDirs()) {
      const { id } = readJson<PluginJson>(path.join(ROOT, dir, 'src/plugin.json'));
      const built = builtPluginDirs().find(
        (candidate) => readJson<PluginJson>(path.join(candidate, 'plugin.json')).id === id
      );
      const dependencies = amdDependencies(path.join(built ?? '', 'module.js'));
      const sources = sourceFiles(path.join(ROOT, dir, 'src'));
      const importsReact = sources.some((file) =>
        /^import\s+(?!type\b)[^;]*from 'react';/m.test(fs.readFileSync(file, 'utf8'))
      );

      if (sources.some((file) => file.endsWith('.tsx'))) {
        expect({ id, jsxRuntime: dependencies.includes('react/jsx-runtime') }).toEqual({ id, jsxRuntime: true });
      }
      if (importsReact) {
        expect({ id, react: dependencies.includes('react') }).toEqual({ id, react: true });
      }
    }
  });

  it('of every plugin contains none of React own code', () => {
    requireBuild();

    for (const dir of builtPluginDirs()) {
      const code = fs.readFileSync(path.join(dir, 'module.js'), 'utf8');
      const bundled = REACT_INTERNALS.filter((marker) => code.includes(marker));
      expect({ dir, bundled }).toEqual({ dir, bundled: [] });
    }
  });
});
