/**
 * A contractor's laptop plugged into the supervisory network: a device nobody inventoried talks S7 to
 * the distribution controller, stops it, downloads a changed program and starts it again. The
 * controller's program identity changes and its mode goes run -> program -> run.
 */
import type { SimulationContext } from '../normalTraffic';
import type { PlantAsset } from '../plant';
import { SERVICE_PORTS } from '../plantZoneModel';
import { streamFor } from '../prng';
import { nanoseconds, type Evidence } from '../telemetryRecords';
import { MINUTE_MS, at, evidenceKey, every, type ScenarioDefinition, type StepTemplate } from './scenario';

const ID = 'rogue-laptop';
/** The laptop's address: inside the supervisory range, but no asset of the inventory. */
export const ROGUE_LAPTOP_ADDRESS = '10.20.2.187';

// S7comm function codes (ICSNPP names): read variable, request download, download block,
// download ended, PI service (start), PLC stop.
const S7 = { read: 4, requestDownload: 26, downloadBlock: 27, downloadEnded: 28, piService: 40, stop: 41 };
const BLOCKS = ['OB1', 'FB10', 'FB12', 'FC3', 'DB5', 'DB20'];

const STEPS = {
  device: 'rogue-device',
  stop: 'mode-change-to-program',
  download: 'program-download',
  start: 'mode-change-to-run',
} as const;

export const rogueLaptop: ScenarioDefinition = {
  id: ID,
  durationMs: 60 * MINUTE_MS,
  summary: 'unknown laptop in the supervisory zone downloads a program to a PLC (stop, download, start)',
  install(ctx: SimulationContext, startMs: number, scale: number): StepTemplate[] {
    const { plant, sink, runtime } = ctx;
    const plc: PlantAsset | undefined = plant.assets.find(
      (a) => a.role === 'plc' && a.train === 1 && a.unit === 'distribution'
    );
    if (plc === undefined) {
      return [];
    }
    const rng = streamFor(ctx.seed, `scenario/${ID}`);
    const key = (step: string): string => evidenceKey(ID, step);
    const laptop = ROGUE_LAPTOP_ADDRESS;
    const sub = (): number => rng.int(0, 999_999);
    // The engineering sequence keeps its real pace; only the laptop's idle tail shrinks with the range.
    const stopAt = startMs + 4 * MINUTE_MS;
    const downloadAt = stopAt + 2 * MINUTE_MS;
    const downloadEnd = downloadAt + BLOCKS.length * 30_000 + 10_000;
    const startAt = downloadEnd + 90_000;
    const leaveAt = Math.max(startAt + 3 * MINUTE_MS, startMs + 40 * MINUTE_MS * scale);

    const s7 = (
      time: number,
      code: number,
      operation: 'read' | 'program_download' | 'mode_change',
      detail: string,
      evidence: Evidence
    ): void => {
      sink.otOperation(
        nanoseconds(time, sub()),
        {
          src: laptop,
          dst: plc.ip,
          protocol: 's7comm',
          operation,
          functionCode: code,
          unitId: 0,
          address: 0,
          quantity: operation === 'program_download' ? rng.int(200, 4000) : 1,
          value: 0,
          result: 'ok',
          exceptionCode: 0,
          detail,
        },
        evidence
      );
    };

    // The laptop's S7 session, one flow record a minute, and its first look at the controller.
    const port = rng.int(49152, 65535);
    every(ctx, startMs, leaveAt, MINUTE_MS, (time) => {
      const downloading = time >= downloadAt && time < downloadEnd + MINUTE_MS;
      sink.flow(
        nanoseconds(time, sub()),
        {
          src: laptop,
          dst: plc.ip,
          transport: 'tcp',
          service: 's7comm',
          dstPort: SERVICE_PORTS.s7comm,
          srcPort: port,
          bytesOut: downloading ? rng.int(60_000, 160_000) : rng.int(300, 2_000),
          bytesIn: rng.int(800, 4_000),
          packets: rng.int(20, 200),
          duration: 60,
          connState: time + MINUTE_MS >= leaveAt ? 'SF' : 'S1',
        },
        key(STEPS.device)
      );
    });
    every(ctx, startMs + 5_000, stopAt, 40_000, (time) =>
      s7(time, S7.read, 'read', 'read SZL / compare online', key(STEPS.device))
    );

    at(ctx, stopAt, (time) => {
      runtime.setMode(plc.name, 'program');
      runtime.watchControllerState(plc.name, (s) => s.mode === 'program', key(STEPS.stop));
      s7(time, S7.stop, 'mode_change', 'PLC stop (run -> program)', [key(STEPS.stop), key(STEPS.device)]);
    });

    const evidence = [key(STEPS.download), key(STEPS.device)];
    at(ctx, downloadAt, (time) => s7(time, S7.requestDownload, 'program_download', 'request download', evidence));
    BLOCKS.forEach((block, i) => {
      at(ctx, downloadAt + 5_000 + i * 30_000, (time) =>
        s7(time, S7.downloadBlock, 'program_download', `download block ${block}`, evidence)
      );
    });
    at(ctx, downloadEnd, (time) => {
      runtime.replaceProgram(plc.name);
      const revision = runtime.controllers.get(plc.name)?.programRevision ?? 1;
      runtime.watchControllerState(plc.name, (s) => s.programRevision >= revision, key(STEPS.download));
      s7(time, S7.downloadEnded, 'program_download', 'download ended', evidence);
    });

    at(ctx, startAt, (time) => {
      runtime.setMode(plc.name, 'run');
      runtime.watchControllerState(plc.name, (s) => s.mode === 'run', key(STEPS.start));
      s7(time, S7.piService, 'mode_change', 'PI service: PLC hot start (program -> run)', [
        key(STEPS.start),
        key(STEPS.device),
      ]);
    });

    const assets = [laptop, plc.name];
    const label = (
      step: string,
      technique: string,
      categories: StepTemplate['expectedCategories'],
      description: string
    ): StepTemplate => ({
      scenario: ID,
      step,
      kind: 'attack',
      technique,
      assets,
      expectedCategories: categories,
      description,
    });
    return [
      label(
        STEPS.device,
        'T0848',
        ['new-talker', 'new-path', 'conduit-violation'],
        `An uninventoried device at ${laptop} in the supervisory zone talks S7 to ${plc.name}.`
      ),
      label(
        STEPS.stop,
        'T0858',
        ['mode-change', 'unauthorized-command'],
        `${laptop} stops ${plc.name}: its mode goes from run to program.`
      ),
      label(
        STEPS.download,
        'T0843',
        ['program-change', 'unauthorized-command'],
        `${laptop} downloads ${BLOCKS.length} blocks to ${plc.name}; its program hash changes.`
      ),
      label(
        STEPS.start,
        'T0858',
        ['mode-change', 'unauthorized-command'],
        `${laptop} starts ${plc.name} again: program to run.`
      ),
    ];
  },
};
