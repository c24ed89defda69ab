/**
 * What the progress line of conduit-analyze and conduit-import says while they read their input files:
 * the file at hand, the share of all the input read, points so far, throughput and time left.
 */
import { formatTimeLeft, ProgressLine } from '@conduit/core';

export interface ReadProgress {
  /** The command, which starts the line as it starts the command's other messages. */
  command: string;
  file: string;
  /** 1 for the first input file. */
  fileNumber: number;
  files: number;
  /** Bytes read so far, over every file. */
  bytesRead: number;
  totalBytes: number;
  points: number;
  elapsedMs: number;
}

const count = new Intl.NumberFormat('en-US');
const MB = 1024 * 1024;

export function formatReadProgress(progress: ReadProgress): string {
  const done = progress.totalBytes > 0 ? Math.min(1, progress.bytesRead / progress.totalBytes) : 1;
  const rate = progress.elapsedMs > 0 ? (progress.bytesRead / MB) * (1000 / progress.elapsedMs) : 0;
  const which = progress.files > 1 ? ` (${progress.fileNumber} of ${progress.files})` : '';
  return (
    `${progress.command}: reading ${progress.file}${which} | ${(progress.bytesRead / MB).toFixed(1)} of ` +
    `${(progress.totalBytes / MB).toFixed(1)} MB (${(done * 100).toFixed(1)}%) | ${count.format(progress.points)} ` +
    `points | ${rate.toFixed(1)} MB/s | ETA ${formatTimeLeft(progress.elapsedMs, done)}`
  );
}

export interface ReadTrackerOptions {
  write: (text: string) => void;
  /** Standard error is a terminal: the line is redrawn in place. */
  terminal: boolean;
  /** No progress line at all (`--quiet`). */
  quiet: boolean;
  clock: () => number;
}

/**
 * Counts what a command reads and shows it on a progress line: quiet for the first interval, so that input
 * read in a moment prints nothing, and not at all with `quiet`.
 */
export class ReadTracker {
  private readonly line: ProgressLine<ReadProgress>;
  private readonly started: number;
  private file = '';
  private fileNumber = 0;
  private bytesRead = 0;
  /** Points made from the input so far. */
  points = 0;

  constructor(
    private readonly command: string,
    private readonly files: readonly string[],
    private readonly totalBytes: number,
    private readonly options: ReadTrackerOptions
  ) {
    this.started = options.clock();
    this.line = new ProgressLine(options.write, formatReadProgress, {
      terminal: options.terminal,
      quietStart: true,
      now: options.clock,
    });
  }

  /** The next input file begins. */
  startFile(file: string): void {
    this.file = file;
    this.fileNumber++;
  }

  /** `bytes` more were read: for the file reader to call. */
  readonly onRead = (bytes: number): void => {
    this.bytesRead += bytes;
    if (!this.options.quiet) {
      this.line.update(this.state());
    }
  };

  /**
   * Shows where reading stands, if a progress line was shown, and ends the line on a terminal, so that other
   * messages (a file's summary) can follow.
   */
  finish(): void {
    if (!this.options.quiet) {
      this.line.finish(this.state());
    }
  }

  private state(): ReadProgress {
    return {
      command: this.command,
      file: this.file,
      fileNumber: this.fileNumber,
      files: this.files.length,
      bytesRead: this.bytesRead,
      totalBytes: this.totalBytes,
      points: this.points,
      elapsedMs: this.options.clock() - this.started,
    };
  }
}
