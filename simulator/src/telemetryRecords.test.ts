import { EvidenceLog } from './evidence';
import { buildPlant } from './plant';
import { createPlantAttribution } from './plantAttribution';
import { plantZoneModel } from './plantZoneModel';
import { TelemetrySink, nanoseconds, type FlowRecord } from './telemetryRecords';
import { storeOfZone } from './timeline';

function sink(): { sink: TelemetrySink; evidence: EvidenceLog } {
  const plant = buildPlant(1);
  const evidence = new EvidenceLog();
  return {
    sink: new TelemetrySink(createPlantAttribution(plant, plantZoneModel(plant)), evidence, storeOfZone),
    evidence,
  };
}

const flow = (src: string, dst: string): FlowRecord => ({
  src,
  dst,
  transport: 'tcp',
  service: 'https',
  dstPort: 443,
  srcPort: 50000,
  bytesOut: 10.4,
  bytesIn: 20.6,
  packets: 3,
  duration: 0.5,
  connState: 'SF',
});

describe('telemetry records', () => {
  it('moves a second point of the same series and nanosecond forward by one nanosecond', () => {
    const { sink: s } = sink();
    const t = nanoseconds(1_700_000_000_000, 5);
    s.flow(t, flow('10.10.10.10', '10.10.1.8'));
    s.flow(t, flow('10.10.10.10', '10.10.1.8'));
    s.flow(t, flow('10.10.10.10', '10.10.1.8'));
    s.flow(t, flow('10.10.10.11', '10.10.1.8'));
    const { it } = s.take();
    expect(it.map((p) => p.timestampNs - t)).toEqual([0n, 1n, 2n, 0n]);
    expect(s.nudged).toBe(2);
  });

  it('attributes addresses to assets and zones, unknown where nothing matches', () => {
    const { sink: s } = sink();
    s.flow(nanoseconds(1), flow('fd10:10::a:a', '203.0.113.10'));
    s.flow(nanoseconds(2), flow('10.10.1.8', '192.0.2.1'));
    const { it } = s.take();
    expect(it[0].tags).toMatchObject({
      src_asset: 'ws-01',
      src_zone: 'enterprise',
      dst_asset: 'ext-updates',
      dst_zone: 'internet',
    });
    expect(it[1].tags).toMatchObject({ src_asset: 'proxy-1', dst_asset: 'unknown', dst_zone: 'unknown' });
    expect(it[0].fields).toMatchObject({ bytes_out: 10, bytes_in: 21 });
  });

  it('sends office traffic to the IT store and anything touching the DMZ or below to the OT store', () => {
    const { sink: s } = sink();
    s.flow(nanoseconds(1), flow('10.10.10.10', '10.10.1.8'));
    s.flow(nanoseconds(2), flow('10.10.10.10', '172.16.35.10'));
    s.flow(nanoseconds(3), flow('172.16.35.30', '203.0.113.10'));
    const { it, ot } = s.take();
    expect(it).toHaveLength(1);
    expect(ot.map((p) => p.tags.dst_ip)).toEqual(['172.16.35.10', '203.0.113.10']);
  });

  it('notes evidence for every step a point is evidence of', () => {
    const { sink: s, evidence } = sink();
    s.flow(nanoseconds(10), flow('10.10.10.10', '172.16.35.10'), ['x/a', 'x/b']);
    s.flow(nanoseconds(20), flow('10.10.10.10', '172.16.35.10'), 'x/b');
    expect(evidence.window('x/a')?.points).toBe(1);
    expect(evidence.window('x/b')).toMatchObject({ firstNs: nanoseconds(10), lastNs: nanoseconds(20) });
  });

  it('leaves optional alert tags out instead of writing them empty', () => {
    const { sink: s } = sink();
    s.alert(nanoseconds(1), {
      source: 'zeek',
      severity: 'info',
      about: '10.20.3.10',
      signature: 's',
      category: 'c',
      message: 'm',
    });
    const [alert] = s.take().ot;
    expect(Object.keys(alert.tags).sort()).toEqual(['asset', 'severity', 'source', 'zone']);
  });
});
