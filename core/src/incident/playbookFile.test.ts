import { parsePlaybooks } from './playbookFile';
import { BUILT_IN_PLAYBOOKS, playbookCatalogue, proposePlaybook } from './playbooks';
import { PLC_WRITE } from './test/incidentScript';

const VALID = `
playbooks:
  - id: vfd-tamper
    name: Drive parameter tampering
    categories: [unauthorized-command]
    steps:
      - id: lock-drive
        phase: contain
        role: ot-engineer
        title: Lock the drive's keypad and restore its parameters
        iec62443: FR 2 Use control
        csf: RS.MI-01
        needsApproval: true
`;

describe('custom playbooks', () => {
  it('reads a valid file with defaults filled in', () => {
    const result = parsePlaybooks(VALID);
    expect(result).toEqual({
      ok: true,
      playbooks: [expect.objectContaining({ id: 'vfd-tamper', description: '', categories: ['unauthorized-command'] })],
    });
  });

  it('is no custom playbooks when the text is empty', () => {
    expect(parsePlaybooks('  \n')).toEqual({ ok: true, playbooks: [] });
  });

  it('names the place of each problem', () => {
    const result = parsePlaybooks(`
playbooks:
  - id: a
    name: A
    steps:
      - { id: s, phase: contian, role: ot-engineer, title: T }
      - { id: s, phase: contain, role: operator, title: T }
  - id: a
    name: B
    categories: [ransomware]
    steps: []
`);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      expect.stringMatching(/^playbooks\[0\]\.steps\[0\]\.phase: unknown phase "contian" \(allowed: "detect", /),
      expect.stringMatching(/^playbooks\[0\]\.steps\[1\]\.role: unknown role "operator" \(allowed: "commander", /),
      expect.stringMatching(/^playbooks\[1\]\.categories\[0\]: unknown finding category "ransomware"/),
    ]);
  });

  it('reports duplicate ids and empty playbooks once the structure is right', () => {
    const result = parsePlaybooks(`
playbooks:
  - { id: a, name: A, steps: [{ id: s, phase: detect, role: soc-analyst, title: T }, { id: s, phase: analyse, role: soc-analyst, title: U }] }
  - { id: a, name: B, steps: [] }
`);
    expect(!result.ok && result.problems).toEqual([
      { path: 'playbooks[0].steps[1].id', message: 'the id "s" is used by an earlier step of this playbook' },
      { path: 'playbooks[1].id', message: 'the id "a" is used by an earlier playbook' },
      { path: 'playbooks[1].steps', message: 'a playbook needs at least one step' },
    ]);
  });

  it('reports a syntax error at its line and column', () => {
    const result = parsePlaybooks('playbooks:\n  - id: [unclosed\n');
    expect(!result.ok && result.problems[0].path).toMatch(/^line \d+, column \d+$/);
  });

  it('lets a custom playbook replace the built-in one of its id', () => {
    const custom = { ...BUILT_IN_PLAYBOOKS[0], name: 'Our PLC write procedure' };
    const catalogue = playbookCatalogue([custom]);
    expect(catalogue).toHaveLength(BUILT_IN_PLAYBOOKS.length);
    expect(catalogue.find((p) => p.id === custom.id)?.name).toBe('Our PLC write procedure');
  });
});

describe('the built-in playbooks', () => {
  it('give every step a role and a reference, and ask approval where a step touches the process', () => {
    for (const playbook of BUILT_IN_PLAYBOOKS) {
      expect(new Set(playbook.steps.map((step) => step.id)).size).toBe(playbook.steps.length);
      for (const step of playbook.steps) {
        expect(step.iec62443 ?? step.csf).toBeDefined();
        if (step.needsApproval) {
          expect(step.caution).toBeDefined();
        }
      }
    }
    expect(parsePlaybooks(JSON.stringify({ playbooks: BUILT_IN_PLAYBOOKS }))).toMatchObject({ ok: true });
  });

  it('propose the playbook that covers the findings, the general one otherwise', () => {
    expect(proposePlaybook([PLC_WRITE], BUILT_IN_PLAYBOOKS).id).toBe('unauthorised-plc-write');
    const scan = { ...PLC_WRITE, category: 'reconnaissance' as const, severity: 'low' as const };
    const mode = { ...PLC_WRITE, category: 'mode-change' as const, severity: 'high' as const };
    expect(proposePlaybook([scan, mode], BUILT_IN_PLAYBOOKS).id).toBe('controller-change');
    expect(proposePlaybook([{ ...PLC_WRITE, category: 'sensor-health' }], BUILT_IN_PLAYBOOKS).id).toBe('general');
    expect(proposePlaybook([], BUILT_IN_PLAYBOOKS).id).toBe('general');
  });
});
