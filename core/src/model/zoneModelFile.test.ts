import { guessZoneModelFormat, parseZoneModel } from './zoneModelFile';
import { formatProblem } from './zoneModelValidation';

const yamlModel = `# Riverside water works
site: Riverside
zones:
  - id: scada
    name: Supervisory
    purdueLevel: 2
    slTarget: 2
    cidrs: [10.20.0.0/16]
  - id: control
    name: Basic control
    purdueLevel: 1
    slTarget: 3
    safety:
    cidrs:
      - 10.20.1.0/24
conduits:
  - id: scada-control
    from: scada
    to: control
    direction: one-way
    controlType: firewall
    slTarget: 3
    services:
      - protocol: modbus
        port: 502
        functionCodes: [3, 16]
`;

const jsonModel = JSON.stringify({
  zones: [{ id: 'scada', name: 'Supervisory', purdueLevel: 2, slTarget: 2, cidrs: ['10.20.0.0/16'] }],
});

function problemsOf(text: string, format?: 'yaml' | 'json'): string[] {
  return parseZoneModel(text, format).problems.map(formatProblem);
}

describe('parseZoneModel', () => {
  it('reads a YAML model, with an empty value read as the default', () => {
    const result = parseZoneModel(yamlModel);
    expect(result.problems).toEqual([]);
    expect(result.ok && result.model.zones[1]).toEqual({
      id: 'control',
      name: 'Basic control',
      purdueLevel: 1,
      slTarget: 3,
      safety: false,
      cidrs: ['10.20.1.0/24'],
      vlans: [],
    });
    expect(result.ok && result.model.conduits[0].services[0].functionCodes).toEqual([3, 16]);
  });

  it('reads a JSON model', () => {
    const result = parseZoneModel(jsonModel);
    expect(result.ok && result.model.zones[0].id).toBe('scada');
  });

  it('reads a file that starts with a byte order mark', () => {
    expect(parseZoneModel(`\ufeff${jsonModel}`).ok).toBe(true);
    expect(parseZoneModel(`\ufeff${yamlModel}`).ok).toBe(true);
  });

  it('guesses JSON from a leading brace and YAML otherwise', () => {
    expect(guessZoneModelFormat('  {"zones": []}')).toBe('json');
    expect(guessZoneModelFormat('zones: []')).toBe('yaml');
    expect(guessZoneModelFormat('---\n{"zones": []}')).toBe('yaml');
  });

  it('parses with the format it is told', () => {
    // Valid YAML, invalid JSON.
    expect(problemsOf('{zones: []}')).toEqual([expect.stringMatching(/^line 1, column 2: .*property name/)]);
    expect(problemsOf('{zones: []}', 'yaml')).toEqual([]);
  });

  it('locates a JSON syntax error by line and column with the parser’s message', () => {
    // The engine's wording varies between Node versions; the location and the gist do not.
    expect(problemsOf('{\n  "zones": [],\n}')).toEqual([expect.stringMatching(/^line 3, column 1: .*property name/)]);
    expect(problemsOf('{"zones": [')).toEqual([expect.stringMatching(/^line 1, column 12: .*end of JSON input/)]);
    // V8 names the token but not where it is, and echoes the text: the location is found, the echo dropped.
    expect(problemsOf('{\n  "zones": [\n    tru\n  ]\n}')).toEqual(["line 3, column 8: Unexpected token '\\n'"]);
  });

  it('locates a YAML syntax error by line and column with the parser’s message', () => {
    expect(problemsOf('zones:\n  - id: a\n    name: [A\nconduits: []\n')).toEqual([
      'line 4, column 1: Flow sequence in block collection must be sufficiently indented and end with a ]',
    ]);
  });

  it('refuses a YAML key given twice', () => {
    expect(problemsOf('zones: []\nzones: []\n')).toEqual(['line 2, column 1: Map keys must be unique']);
  });

  it('refuses a file with several YAML documents', () => {
    const problems = problemsOf('zones: []\n---\nzones: []\n');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^line 2, column 1: /);
  });

  it('refuses an empty file', () => {
    expect(problemsOf('')).toEqual(['line 1, column 1: the file is empty']);
    expect(problemsOf('\n  # nothing yet\n')).toEqual(['$: expected an object, got null']);
  });

  it('refuses a file whose aliases would expand without bound', () => {
    const laughs = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++) {
      const previous = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      laughs.push(`${name}: &${name} [${Array(10).fill(`*${previous}`).join(', ')}]`);
    }
    const problems = problemsOf(laughs.join('\n'));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^line 1, column 1: .*alias/i);
  });

  it('passes a file that parses on to validation, with model paths, the entry’s id and the line', () => {
    expect(problemsOf(yamlModel.replace('to: control', 'to: dmz2'))).toEqual([
      'conduits[0].to (scada-control), line 19: unknown zone "dmz2"',
    ]);
  });

  it('gives a key left out the line of the entry it belongs in', () => {
    expect(problemsOf(yamlModel.replace('    slTarget: 3\n    safety:', '    safety:'))).toEqual([
      'zones[1].slTarget (control), line 9: required field is missing',
    ]);
  });

  it('finds the lines of a JSON file too', () => {
    const json = JSON.stringify(
      {
        zones: [
          { id: 'scada', name: 'Supervisory', purdueLevel: 2, slTarget: 2, cidrs: ['10.20.0.0/16'] },
          { id: 'control', name: 'Basic control', purdueLevel: 1, slTarget: 3, cidrs: ['10.20.1.0/33'] },
        ],
      },
      null,
      2
    );
    expect(problemsOf(json)).toEqual([
      'zones[1].cidrs[0] (control), line 18: invalid CIDR "10.20.1.0/33": prefix length 33 out of range 0..32 for IPv4',
    ]);
  });

  it('warns of a zone range that other zones’ ranges mostly take, and still accepts the model', () => {
    const wide = parseZoneModel(yamlModel.replace('10.20.0.0/16', '10.20.0.0/23'));
    expect(wide.ok).toBe(true);
    expect(wide.problems.map(formatProblem)).toEqual([
      'zones[0].cidrs[0] (scada), line 8: warning: range "10.20.0.0/23" of zone "scada" encloses "10.20.1.0/24" of ' +
        'zone "control" (zones[1].cidrs[0]), whose addresses belong to that zone (the longest prefix wins), so zone ' +
        '"scada" keeps only 50% of the range; narrow the range if that is not meant',
    ]);
  });

  it('accepts camelCase keys only and names the camelCase key a snake_case key meant', () => {
    expect(problemsOf(yamlModel.replace('purdueLevel: 2', 'purdue_level: 2'))).toEqual([
      'zones[0].purdueLevel (scada), line 4: required field is missing',
      'zones[0].purdue_level (scada), line 6: unknown key "purdue_level"; did you mean "purdueLevel"?',
    ]);
    expect(problemsOf(yamlModel.replace('functionCodes:', 'function_codes:'))).toEqual([
      'conduits[0].services[0].function_codes (scada-control), line 26: unknown key "function_codes"; did you mean "functionCodes"?',
    ]);
  });

  it('reads YAML 1.2, where yes is a string and not true', () => {
    expect(problemsOf(yamlModel.replace('safety:', 'safety: yes'))).toEqual([
      'zones[1].safety (control), line 13: expected a boolean (true or false), got the string "yes"',
    ]);
  });
});
