import { createDetectionContext } from './detectionContext';
import { everyMinute, fixtureModel, fixtureObservations, otOperation } from './detectionFixture';
import { detectSilentChannels } from './silentChannel';

const DAY = 24 * 60;

function detect(otOperations: Array<ReturnType<typeof otOperation>>) {
  const obs = fixtureObservations({ otOperations });
  return detectSilentChannels(obs, createDetectionContext(fixtureModel(), obs));
}

describe('silent channels', () => {
  it('reports a poll that ran every minute of the baseline and then stops', () => {
    const other = everyMinute(0, 2 * DAY, (at) => otOperation(at, 'scada-1', 'plc-2', 'modbus', 'read', '3'));
    const polls = everyMinute(0, 2 * DAY, (at) => otOperation(at, 'scada-1', 'plc-1', 'modbus', 'read', '3')).filter(
      (_, i) => i < DAY + 100 || i >= DAY + 130
    );
    const findings = detect([...other, ...polls]);
    expect(findings).toHaveLength(1);
    expect(findings[0].explanation).toBe(
      "scada-1 stopped talking modbus to plc-1 for 30 minutes, although it did in 100% of the baseline's minutes."
    );
  });

  it('does not call a gap in collection (no OT data at all) silence', () => {
    const polls = everyMinute(0, 2 * DAY, (at) => otOperation(at, 'scada-1', 'plc-1', 'modbus', 'read', '3')).filter(
      (_, i) => i < DAY + 100 || i >= DAY + 130
    );
    expect(detect(polls)).toEqual([]);
  });

  it('expects nothing of a conversation that was occasional during the baseline', () => {
    const occasional = everyMinute(0, 2 * DAY, (at) => otOperation(at, 'ews-1', 'plc-1', 's7comm', 'read', '4'), 30);
    const other = everyMinute(0, 2 * DAY, (at) => otOperation(at, 'scada-1', 'plc-2', 'modbus', 'read', '3'));
    expect(detect([...occasional, ...other])).toEqual([]);
  });
});
