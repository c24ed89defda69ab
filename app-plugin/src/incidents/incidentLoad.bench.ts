/**
 * `incident load`: opening an incident of 1,000 events in the test host (grafana12) in Chromium, from navigation
 * to the page drawn with every event on its timeline: the paged reads of Grafana's annotation API, the fold and
 * the first render. Median of timed loads; the baseline is the same page opening an incident of 10 events, in the
 * same run, so the ratio is what the extra 990 events cost.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

import type { IncidentEvent, IncidentEventBody } from '@conduit/core';

import { type BenchRow, median } from '../../../bench/benchRow';
import { launchChromium } from '../../../bench/browserBench';
import { eventAnnotation } from './annotationEvents';

const ROOT = process.cwd();
const LOADS = 7;
const T0 = Date.UTC(2026, 11, 1, 8);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

function tsNode(args: string[]) {
  return spawn(join(ROOT, 'node_modules', '.bin', 'ts-node'), ['--transpile-only', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}

async function run(args: string[]): Promise<void> {
  const child = tsNode(args);
  await new Promise<void>((resolve, reject) =>
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${args.join(' ')} exited ${code}`))))
  );
}

/** The host on a free port; resolves once it says where it listens. */
async function startHost(): Promise<{ url: string; stop: () => void }> {
  const port = await freePort();
  const child = tsNode(['test/host/server.ts', '--flavour', 'grafana12', '--port', String(port)]);
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('Conduit test host')) {
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`the test host exited ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}`, stop: () => child.kill('SIGTERM') };
}

/** An incident's events: opened, roles, phases, then notes up to `count`. */
function incidentEvents(incident: string, count: number): IncidentEvent[] {
  const bodies: IncidentEventBody[] = [
    {
      type: 'opened',
      title: `Load of ${count} events`,
      severity: 'high',
      playbook: 'unauthorised-plc-write',
      findings: [],
      zones: ['control'],
      assets: ['plc-1'],
    },
    { type: 'role-assigned', role: 'ot-engineer', person: 'editor' },
    { type: 'phase-changed', phase: 'analyse' },
  ];
  while (bodies.length < count) {
    bodies.push({ type: 'note', text: `Observation ${bodies.length}: the historian shows the same beacon again.` });
  }
  return bodies.map((body, index) => ({
    id: `${incident}-${index}`,
    incident,
    time: T0 + index * 1000,
    user: '',
    body,
  }));
}

async function store(url: string, events: readonly IncidentEvent[]): Promise<void> {
  for (const event of events) {
    const response = await fetch(`${url}/api/annotations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-conduit-role': 'Editor' },
      body: JSON.stringify(eventAnnotation(event, false)),
    });
    if (!response.ok) {
      throw new Error(`storing an event: HTTP ${response.status}`);
    }
  }
}

export default async function incidentLoadBench(): Promise<BenchRow[]> {
  if (!existsSync(join(ROOT, 'app-plugin', 'dist', 'module.js'))) {
    throw new Error('app-plugin/dist is missing: run npm run build first');
  }
  await run(['test/host/build-shared.ts', 'grafana12']);
  const host = await startHost();
  const browser = await launchChromium();
  try {
    const sizes = { large: 1000, small: 10 } as const;
    for (const [name, count] of Object.entries(sizes)) {
      await store(host.url, incidentEvents(`INC-LOAD-${name}`, count));
    }
    const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
    const page = await context.newPage();
    const load = async (name: string, count: number): Promise<{ ms: number; requests: number }> => {
      let requests = 0;
      const count_ = (request: { url: () => string }) => {
        if (request.url().includes('/api/annotations?')) {
          requests++;
        }
      };
      page.on('request', count_);
      const started = Date.now();
      await page.goto(`${host.url}/a/conduit-itot-app/incidents/INC-LOAD-${name}?role=Admin`);
      await page.waitForFunction(
        (expected) => document.querySelectorAll('section[aria-label="Timeline"] li').length >= expected,
        count,
        { timeout: 60_000, polling: 'raf' }
      );
      const ms = Date.now() - started;
      page.off('request', count_);
      return { ms, requests };
    };
    // The first load fills the HTTP cache with the shared script and the plugin, as any later visit finds it.
    await load('small', sizes.small);
    const large: number[] = [];
    const small: number[] = [];
    let requests = 0;
    for (let i = 0; i < LOADS; i++) {
      const timed = await load('large', sizes.large);
      large.push(timed.ms);
      requests = timed.requests;
      small.push((await load('small', sizes.small)).ms);
    }
    const value = median(large);
    const baseline = median(small);
    return [
      {
        name: 'incident load',
        value,
        unit: 'ms',
        baseline,
        ratio: value / baseline,
        note: `an incident of ${sizes.large} events opened in the grafana12 host, navigation to every event on the timeline, median of ${LOADS}: ${value} ms (${requests} annotation requests); ${sizes.small} events: ${baseline} ms`,
      },
    ];
  } finally {
    await browser.close();
    host.stop();
  }
}
