/**
 * Command-line flags: `--name value` or `--name=value`, declared once with their defaults and
 * descriptions, so parsing, error messages and `--help` come from the same list.
 */

export interface FlagSpec {
  name: string;
  /** Placeholder of the value in help (`N`, `URL`); absent for switches that take no value. */
  value?: string;
  /** Default value, shown in help and used when the flag is absent. */
  default?: string;
  description: string;
}

export interface CommandSpec {
  name: string;
  summary: string;
  usage: string;
  flags: FlagSpec[];
  /** Extra paragraphs after the flags. */
  notes?: string[];
}

export type FlagValues = Record<string, string | boolean | undefined>;

export type FlagParse = { flags: FlagValues; help: boolean } | { error: string };

export function parseFlags(argv: readonly string[], command: CommandSpec): FlagParse {
  const flags: FlagValues = {};
  for (const spec of command.flags) {
    flags[spec.name] = spec.value === undefined ? false : spec.default;
  }
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') {
      help = true;
      continue;
    }
    if (!arg.startsWith('--')) {
      return {
        error: `unexpected argument "${arg}" for ${command.name} (flags start with --; see ${command.name} --help)`,
      };
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    const spec = command.flags.find((f) => f.name === name);
    if (spec === undefined) {
      return { error: `unknown flag --${name} for ${command.name} (see ${command.name} --help)` };
    }
    if (spec.value === undefined) {
      if (eq !== -1) {
        return { error: `--${name} takes no value` };
      }
      flags[name] = true;
      continue;
    }
    let value: string | undefined;
    if (eq !== -1) {
      value = arg.slice(eq + 1);
    } else {
      value = argv[i + 1];
      // A value may itself start with a dash (-1d), but not with two.
      if (value === undefined || value.startsWith('--')) {
        return { error: `--${name} needs a value (${spec.value})` };
      }
      i++;
    }
    flags[name] = value;
  }
  return { flags, help };
}

export function formatHelp(command: CommandSpec): string {
  const rows = command.flags.map((f) => ({
    left: `--${f.name}${f.value === undefined ? '' : ` ${f.value}`}`,
    right: f.default === undefined ? f.description : `${f.description} (default: ${f.default})`,
  }));
  rows.push({ left: '--help, -h', right: 'Show this help.' });
  const width = Math.max(...rows.map((r) => r.left.length)) + 2;
  const lines = [`Usage: ${command.usage}`, '', command.summary, '', 'Flags:'];
  for (const row of rows) {
    lines.push(`  ${row.left.padEnd(width)}${row.right}`);
  }
  for (const note of command.notes ?? []) {
    lines.push('', note);
  }
  return lines.join('\n') + '\n';
}

/** A flag's value as text (its default when absent). */
export function textFlag(flags: FlagValues, name: string): string {
  const value = flags[name];
  return typeof value === 'string' ? value : '';
}

export function integerFlag(
  flags: FlagValues,
  name: string,
  min: number,
  max: number
): { value: number } | { error: string } {
  const text = textFlag(flags, name);
  if (!/^-?\d+$/.test(text.trim())) {
    return { error: `--${name}: "${text}" is not an integer` };
  }
  const value = Number(text);
  if (value < min || value > max) {
    return { error: `--${name}: must be from ${min} to ${max}, got ${value}` };
  }
  return { value };
}
