import { foldIncident } from './foldIncident';
import { incidentJson, incidentMarkdown, markdownText } from './incidentReport';
import { formatDuration, incidentTimes, summariseTimes } from './incidentMetrics';
import { DRILL_SCRIPTS, nextInjectAt, revealedInjects, scoreDrill } from './drills';
import { BUILT_IN_PLAYBOOKS } from './playbooks';
import { IncidentScript, OPENED_AT } from './test/incidentScript';

function walked(): IncidentScript {
  const script = new IncidentScript();
  script.open({ title: 'PLC write | from *office*' });
  script.add('cmdr', { type: 'role-assigned', role: 'ot-engineer', person: 'oteng' }, 4);
  script.add('cmdr', { type: 'phase-changed', phase: 'analyse' }, 1);
  script.add('cmdr', { type: 'phase-changed', phase: 'contain' }, 5);
  script.add('oteng', { type: 'approval', step: 'block-source', decision: 'given' }, 2);
  script.add('analyst', { type: 'step-done', step: 'block-source' }, 1);
  script.add('cmdr', { type: 'phase-changed', phase: 'recover' }, 10);
  script.add('cmdr', { type: 'phase-changed', phase: 'improve' }, 30);
  script.add('cmdr', { type: 'closed' }, 1);
  return script;
}

describe('the incident report', () => {
  it('says in Markdown what the incident page shows, user text escaped', () => {
    const markdown = incidentMarkdown(foldIncident(walked().events, BUILT_IN_PLAYBOOKS));
    expect(markdown).toContain('# INC-20261205-TEST: PLC write \\| from \\*office\\*');
    expect(markdown).toContain('- Phase: Improve (Identify (ID.IM); SP 800-61 Rev. 2: Post-incident activity)');
    expect(markdown).toContain('- Time to detect: 10 min');
    expect(markdown).toContain('- Time to contain: 23 min');
    expect(markdown).toContain('- OT engineer: oteng');
    expect(markdown).toMatch(
      /- \[x\] Block the writing host at the conduit it used \(SOC analyst, needs OT approval\): done by analyst at .*, approval given by oteng/
    );
    expect(markdown).toContain('## Refused actions');
    expect(markdown).toContain('cannot close: no post-incident review is recorded');
  });

  it('exports the fold as JSON for tools', () => {
    const parsed = JSON.parse(incidentJson(foldIncident(walked().events, BUILT_IN_PLAYBOOKS)));
    expect(parsed).toMatchObject({ format: 'conduit-incident', version: 1, incident: { phase: 'improve' } });
    expect(parsed.events).toHaveLength(8);
    expect(parsed.rejected).toHaveLength(1);
  });

  it('escapes Markdown markup and joins lines', () => {
    expect(markdownText('a|b\n<img src=x>\n_c_')).toBe('a\\|b \\<img src=x\\> \\_c\\_');
  });
});

describe('response times', () => {
  it('measures detect from the first finding and the rest from the opening', () => {
    const state = foldIncident(walked().events, BUILT_IN_PLAYBOOKS).state;
    expect(state && incidentTimes(state)).toEqual({
      detect: 10 * 60_000,
      acknowledge: 5 * 60_000,
      contain: 23 * 60_000,
      recover: 53 * 60_000,
    });
  });

  it('leaves drills out of the summary', () => {
    const real = foldIncident(walked().events, BUILT_IN_PLAYBOOKS).state;
    const drill = new IncidentScript('INC-DRILL');
    drill.open({ drill: { script: 'drill-it-ot-intrusion' } });
    const drillState = foldIncident(drill.events, BUILT_IN_PLAYBOOKS).state;
    if (real === undefined || drillState === undefined) {
      throw new Error('both incidents open');
    }
    expect(summariseTimes([real, drillState]).detect).toEqual({ count: 1, median: 600_000, mean: 600_000 });
  });

  it('formats durations as a control room reads them', () => {
    expect([45_000, 12 * 60_000, 200 * 60_000, 52 * 3_600_000].map(formatDuration)).toEqual([
      '45 s',
      '12 min',
      '3 h 20 min',
      '2 d 4 h',
    ]);
  });
});

describe('drills', () => {
  const script = DRILL_SCRIPTS[0];

  it('reveal their injects as time passes from the opening', () => {
    expect(revealedInjects(script, OPENED_AT, OPENED_AT).map((i) => i.title)).toEqual(['Alert']);
    expect(revealedInjects(script, OPENED_AT, OPENED_AT + 16 * 60_000)).toHaveLength(3);
    expect(nextInjectAt(script, OPENED_AT, OPENED_AT + 16 * 60_000)).toBe(OPENED_AT + 30 * 60_000);
    expect(nextInjectAt(script, OPENED_AT, OPENED_AT + 31 * 60_000)).toBeUndefined();
  });

  it('are scored by the time to each phase against the script’s targets', () => {
    const state = foldIncident(walked().events, BUILT_IN_PLAYBOOKS).state;
    if (state === undefined) {
      throw new Error('opened');
    }
    const score = scoreDrill(state, script);
    expect(score.phases.find((p) => p.phase === 'contain')).toEqual({
      phase: 'contain',
      target: 20 * 60_000,
      actual: 10 * 60_000,
      met: true,
    });
    expect(score.phases.find((p) => p.phase === 'eradicate')).toMatchObject({ actual: undefined, met: false });
    expect(score.met).toBe(4);
  });
});
