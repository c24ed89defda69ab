import { formatHelp, integerFlag, parseFlags, type CommandSpec } from './cliFlags';

const COMMAND: CommandSpec = {
  name: 'conduit-sim demo',
  usage: 'conduit-sim demo [flags]',
  summary: 'A demo command.',
  flags: [
    { name: 'seed', value: 'N', default: '1', description: 'Seed.' },
    { name: 'from', value: 'TIME', default: '-1d', description: 'Start.' },
    { name: 'dry-run', description: 'Print only.' },
  ],
};

describe('command-line flags', () => {
  it('fills defaults and reads --flag value and --flag=value, including values that start with a dash', () => {
    expect(parseFlags([], COMMAND)).toEqual({ flags: { seed: '1', from: '-1d', 'dry-run': false }, help: false });
    expect(parseFlags(['--seed', '7', '--from=-6h', '--dry-run'], COMMAND)).toEqual({
      flags: { seed: '7', from: '-6h', 'dry-run': true },
      help: false,
    });
    expect(parseFlags(['--from', '-2h'], COMMAND)).toMatchObject({ flags: { from: '-2h' } });
  });

  it('names the flag at fault', () => {
    expect(parseFlags(['--colour', 'red'], COMMAND)).toEqual({
      error: expect.stringContaining('unknown flag --colour'),
    });
    expect(parseFlags(['--seed'], COMMAND)).toEqual({ error: '--seed needs a value (N)' });
    expect(parseFlags(['--seed', '--dry-run'], COMMAND)).toEqual({ error: '--seed needs a value (N)' });
    expect(parseFlags(['--dry-run=yes'], COMMAND)).toEqual({ error: '--dry-run takes no value' });
    expect(parseFlags(['seed'], COMMAND)).toEqual({ error: expect.stringContaining('unexpected argument "seed"') });
    expect(integerFlag({ seed: 'x' }, 'seed', 0, 10)).toEqual({ error: '--seed: "x" is not an integer' });
    expect(integerFlag({ seed: '11' }, 'seed', 0, 10)).toEqual({ error: '--seed: must be from 0 to 10, got 11' });
  });

  it('documents every flag with its default in the help', () => {
    const help = formatHelp(COMMAND);
    expect(help).toContain('--seed N');
    expect(help).toContain('Seed. (default: 1)');
    expect(help).toContain('--from TIME');
    expect(help).toContain('(default: -1d)');
    expect(help).toContain('--dry-run');
    expect(help).toContain('--help, -h');
    expect(parseFlags(['-h'], COMMAND)).toMatchObject({ help: true });
  });
});
