import { readFileSync } from 'node:fs';

export type Environment = Readonly<Record<string, string | undefined>>;

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

/**
 * Go's os.ExpandEnv as Grafana's provisioning applies it to every string of a provisioning file
 * (pkg/services/provisioning/values/values.go): `$NAME` and `${NAME}` become the variable's value (empty when
 * unset); a `$` not followed by a name stays; `$$` is a literal `$`. Before that, the setting expanders
 * `$__env{NAME}` and `$__file{path}` are applied as in pkg/setting/expanders.go.
 */
export function interpolateEnv(value: string, env: Environment, mapPath: PathMapping = (path) => path): string {
  return value
    .split('$$')
    .map((part) => expandEnv(expandSettingVariables(part, env, mapPath), env))
    .join('$');
}

/** Where a file path in a provisioning file is on this machine (the files name paths inside Grafana's container). */
export type PathMapping = (path: string) => string;

function expandSettingVariables(value: string, env: Environment, mapPath: PathMapping): string {
  return value.replace(/\$__(env|file)\{([^}]*)\}/g, (_match, kind: string, argument: string) => {
    if (kind === 'env') {
      return env[argument] ?? '';
    }
    try {
      return readFileSync(mapPath(argument), 'utf8').trim();
    } catch {
      throw new Error(`failed to interpolate value: cannot read file ${argument}`);
    }
  });
}

function expandEnv(value: string, env: Environment): string {
  let result = '';
  let index = 0;
  while (index < value.length) {
    const dollar = value.indexOf('$', index);
    if (dollar === -1 || dollar === value.length - 1) {
      result += value.slice(index);
      break;
    }
    result += value.slice(index, dollar);
    const rest = value.slice(dollar + 1);
    if (rest.startsWith('{')) {
      const close = rest.indexOf('}');
      if (close === -1) {
        // Go's getShellName: bad syntax, the "${" is eaten.
        index = dollar + 2;
        continue;
      }
      result += env[rest.slice(1, close)] ?? '';
      index = dollar + 2 + close;
      continue;
    }
    // Go's isShellSpecialVar: a digit or one of *#$@!?- is a one-character name.
    const name = /^[*#@!?\-0-9]/.test(rest) ? rest[0] : NAME.exec(rest)?.[0];
    if (name === undefined) {
      result += '$';
      index = dollar + 1;
      continue;
    }
    result += env[name] ?? '';
    index = dollar + 1 + name.length;
  }
  return result;
}

/** Interpolates every string inside a parsed YAML value, as Grafana's JSONValue and StringValue types do. */
export function interpolateDeep(value: unknown, env: Environment, mapPath?: PathMapping): unknown {
  if (typeof value === 'string') {
    return interpolateEnv(value, env, mapPath);
  }
  if (Array.isArray(value)) {
    return value.map((item) => interpolateDeep(item, env, mapPath));
  }
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, interpolateDeep(item, env, mapPath)]));
  }
  return value;
}
