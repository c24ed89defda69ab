/**
 * Where a command writes: standard output for results (line protocol, findings), standard error for
 * summaries, warnings and errors. Commands take it as a parameter so tests run them in-process.
 */

export interface CommandIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Whether standard error is a terminal, where a progress line is redrawn in place; no by default. */
  stderrIsTerminal?: boolean;
}

/** Exit codes shared by the commands. */
export const EXIT_OK = 0;
/** Finished, but something the user asked to be strict about happened (malformed lines with --strict). */
export const EXIT_WARNINGS = 1;
/** Could not run: bad arguments, a bad zone model, an unreadable file, an unreachable store. */
export const EXIT_ERROR = 2;

export const processIo: CommandIo = {
  stdout: (text) => {
    process.stdout.write(text);
  },
  stderr: (text) => {
    process.stderr.write(text);
  },
  stderrIsTerminal: process.stderr.isTTY === true,
};

/**
 * Collects small writes into larger ones: printing millions of points one `write` each is slow.
 * `flush` must be called at the end.
 */
export function bufferedWriter(
  write: (text: string) => void,
  limit = 1 << 16
): { add(text: string): void; flush(): void } {
  let parts: string[] = [];
  let size = 0;
  return {
    add(text) {
      parts.push(text);
      size += text.length;
      if (size >= limit) {
        write(parts.join(''));
        parts = [];
        size = 0;
      }
    },
    flush() {
      if (parts.length > 0) {
        write(parts.join(''));
        parts = [];
        size = 0;
      }
    },
  };
}

/** The message of anything thrown; errors from another realm (Node's fs under a test runner) count too. */
export function errorMessage(error: unknown): string {
  if (typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string') {
    return (error as { message: string }).message;
  }
  return String(error);
}
