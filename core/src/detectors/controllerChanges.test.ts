import { detectModeChanges } from './controllerMode';
import { detectProgramChanges } from './controllerProgram';
import { createDetectionContext } from './detectionContext';
import {
  controllerState,
  everyMinute,
  fixtureModel,
  fixtureObservations,
  minute,
  otOperation,
} from './detectionFixture';

const AFTER = 24 * 60;

function run(parts: Parameters<typeof fixtureObservations>[0]) {
  const obs = fixtureObservations(parts);
  const ctx = createDetectionContext(fixtureModel(), obs);
  return { program: detectProgramChanges(obs, ctx), mode: detectModeChanges(obs, ctx) };
}

describe('controller program, firmware and mode', () => {
  it('reports a program download request, scored higher when it does not come from the engineering workstation', () => {
    const fromRogue = run({
      otOperations: [otOperation(minute(AFTER), '10.20.2.187', 'plc-2', 's7comm', 'program_download', '27')],
    }).program;
    const fromEngineering = run({
      otOperations: [otOperation(minute(AFTER), 'ews-1', 'plc-2', 's7comm', 'program_download', '27')],
    }).program;
    expect(fromRogue[0]).toMatchObject({ category: 'program-change', technique: 'T0843' });
    expect(fromRogue[0].explanation).toBe(
      '10.20.2.187 (a host of no known role) downloaded a program to plc-2 over s7comm.'
    );
    expect(fromRogue[0].score).toBeGreaterThan(fromEngineering[0].score);
  });

  it('reports a changed program identity and firmware version the controller reports', () => {
    const states = everyMinute(AFTER - 5, AFTER + 5, (at, i) =>
      controllerState(at, 'plc-1', 'run', i < 5 ? 'aaaa' : 'bbbb', i < 7 ? 'V1' : 'V2')
    );
    const { program } = run({ controllerStates: states });
    expect(program.map((f) => [f.category, f.technique, f.explanation])).toEqual([
      ['program-change', 'T0889', 'plc-1 reported a new program identity: aaaa to bbbb.'],
      ['firmware-change', 'T0857', 'plc-1 reported a new firmware: V1 to V2.'],
    ]);
  });

  it('makes one mode change finding of a stop and restart', () => {
    const modes = ['run', 'run', 'program', 'program', 'program', 'run', 'run'];
    const states = modes.map((mode, i) => controllerState(minute(AFTER + i), 'plc-2', mode));
    const { mode } = run({ controllerStates: states });
    expect(mode).toHaveLength(1);
    expect(mode[0]).toMatchObject({
      category: 'mode-change',
      technique: 'T0858',
      time: minute(AFTER + 1),
      endTime: minute(AFTER + 5),
    });
    expect(mode[0].explanation).toBe('plc-2 changed operating mode run → program → run, ending where it started.');
  });

  it('reports a controller fault as equipment health, not as a mode change', () => {
    const states = ['run', 'fault', 'run'].map((mode, i) => controllerState(minute(AFTER + i), 'plc-1', mode));
    const { mode } = run({ controllerStates: states });
    expect(mode.map((f) => f.category)).toEqual(['sensor-health']);
  });

  it('reports mode change requests', () => {
    const { mode } = run({
      otOperations: [otOperation(minute(AFTER), '10.20.2.187', 'plc-2', 's7comm', 'mode_change', '41')],
    });
    expect(mode[0].explanation).toBe('10.20.2.187 sent a mode change request to plc-2 over s7comm.');
  });
});
