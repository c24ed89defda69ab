import { type FlagSpec, formatHelp, parseArguments } from './commandLine';

const specs: FlagSpec[] = [
  { name: 'model', value: 'FILE', description: 'the model' },
  { name: 'input', value: 'FILE', repeatable: true, description: 'an input' },
  { name: 'strict', description: 'be strict' },
];

describe('command-line arguments', () => {
  it('reads values given apart or with =, switches, repeats and positionals', () => {
    const parsed = parseArguments(['--model', 'm.yaml', '--input=a.lp', '--input', 'b.lp', '--strict', 'x.log'], specs);
    expect(parsed).toEqual({
      ok: true,
      args: {
        values: new Map([
          ['model', ['m.yaml']],
          ['input', ['a.lp', 'b.lp']],
        ]),
        switches: new Set(['strict']),
        positionals: ['x.log'],
      },
    });
  });

  it('takes everything after -- as positionals', () => {
    const parsed = parseArguments(['--', '--strict', '-x'], specs);
    expect(parsed.ok && parsed.args.positionals).toEqual(['--strict', '-x']);
  });

  it.each([
    [['--nope'], 'unknown option --nope'],
    [['-x'], 'unknown option -x'],
    [['--model'], '--model needs a value (FILE)'],
    [['--model', '--strict'], '--model needs a value (FILE)'],
    [['--model', 'a', '--model', 'b'], '--model given twice'],
    [['--strict=yes'], '--strict takes no value'],
  ])('refuses %j: %s', (argv, error) => {
    expect(parseArguments(argv, specs)).toEqual({ ok: false, error });
  });

  it('aligns the help of every flag', () => {
    expect(formatHelp('cmd [options]', 'Does things.', specs)).toBe(
      [
        'Usage: cmd [options]',
        '',
        'Does things.',
        '',
        'Options:',
        '  --model FILE  the model',
        '  --input FILE  an input',
        '  --strict      be strict',
        '',
      ].join('\n')
    );
  });
});
