/** A `CommandIo` that keeps what a command wrote, for running commands in-process. */
import type { CommandIo } from './commandIo';

export interface CapturedIo extends CommandIo {
  out(): string;
  err(): string;
}

export function captureIo(): CapturedIo {
  let stdout = '';
  let stderr = '';
  return {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    out: () => stdout,
    err: () => stderr,
  };
}
