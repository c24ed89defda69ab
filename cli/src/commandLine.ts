/**
 * Command-line arguments: `--flag value`, `--flag=value`, boolean `--switch`, positionals, and `--` to end
 * the flags. Each command declares its flags once; the parser and the help text both read that list, so
 * `--help` documents every flag there is.
 */

export interface FlagSpec {
  name: string;
  /** Placeholder for the flag's value (`FILE`, `URL`); a flag without one is a switch. */
  value?: string;
  /** May be given more than once. */
  repeatable?: boolean;
  description: string;
}

export interface ParsedArguments {
  /** Values of the flags that take one, in order given. */
  values: Map<string, string[]>;
  switches: Set<string>;
  positionals: string[];
}

export type ArgumentParse = { ok: true; args: ParsedArguments } | { ok: false; error: string };

export function parseArguments(argv: readonly string[], specs: readonly FlagSpec[]): ArgumentParse {
  const byName = new Map(specs.map((spec) => [spec.name, spec]));
  const args: ParsedArguments = { values: new Map(), switches: new Set(), positionals: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      args.positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg === '-h') {
      args.switches.add('help');
      continue;
    }
    if (!arg.startsWith('--') || arg === '-') {
      if (arg.startsWith('-') && arg !== '-') {
        return { ok: false, error: `unknown option ${arg}` };
      }
      args.positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    const spec = byName.get(name);
    if (spec === undefined) {
      return { ok: false, error: `unknown option --${name}` };
    }
    if (spec.value === undefined) {
      if (eq !== -1) {
        return { ok: false, error: `--${name} takes no value` };
      }
      args.switches.add(name);
      continue;
    }
    let value: string;
    if (eq !== -1) {
      value = arg.slice(eq + 1);
    } else {
      const next = argv[i + 1];
      if (next === undefined || (next.startsWith('--') && next.length > 2)) {
        return { ok: false, error: `--${name} needs a value (${spec.value})` };
      }
      value = next;
      i++;
    }
    const list = args.values.get(name) ?? [];
    if (list.length > 0 && spec.repeatable !== true) {
      return { ok: false, error: `--${name} given twice` };
    }
    list.push(value);
    args.values.set(name, list);
  }
  return { ok: true, args };
}

/** The one value of a flag, if given. */
export function flagValue(args: ParsedArguments, name: string): string | undefined {
  return args.values.get(name)?.[0];
}

/** Help text: a usage line, a description, then every flag with its placeholder, aligned. */
export function formatHelp(usage: string, description: string, specs: readonly FlagSpec[]): string {
  const heads = specs.map((spec) => `  --${spec.name}${spec.value === undefined ? '' : ` ${spec.value}`}`);
  const width = Math.max(...heads.map((h) => h.length)) + 2;
  const lines = specs.map((spec, i) => `${heads[i].padEnd(width)}${spec.description}`);
  return `Usage: ${usage}\n\n${description}\n\nOptions:\n${lines.join('\n')}\n`;
}
