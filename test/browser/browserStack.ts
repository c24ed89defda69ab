import type { Flavour } from '../host/build-shared';
import type { HostServerOptions } from '../host/server';

/** What the global setup started, handed to the test workers through the environment. */
export interface BrowserStack {
  hosts: Record<Flavour, string>;
  itUrl: string;
  otUrl: string;
  dataSourceEdits: NonNullable<HostServerOptions['dataSourceEdits']>;
}

export const STACK_VARIABLE = 'CONDUIT_BROWSER_STACK';

export function browserStack(): BrowserStack {
  const text = process.env[STACK_VARIABLE];
  if (!text) {
    throw new Error(
      `${STACK_VARIABLE} is not set: run the browser tests through playwright.config.ts (npm run test:browser)`
    );
  }
  return JSON.parse(text) as BrowserStack;
}
