/**
 * Reads the runs a Markdown page documents. Every `sh` block carries a comment saying whether the docs test runs
 * it, and a `text` block that shows what a run printed says which stream it shows:
 *
 *     <!-- doc-run -->                    run it (from the folder the page's earlier runs left, the repository first)
 *     <!-- doc-run: stores -->            run it with the test's InfluxDB in place of it-store and ot-store
 *     <!-- doc-run: exit 2 -->            run it and expect that exit code (0 otherwise)
 *     <!-- doc-skip: why -->              not run, for the reason given (a Docker stack, a service that runs for ever)
 *     <!-- doc-output: stderr -->         the run's standard error, whole; a line `...` stands for any lines
 *     <!-- doc-output: stdout, lines -->  lines that appear in the run's standard output, in this order
 *     <!-- doc-output: out.lp, lines -->  the same of a file the run wrote (a path from the folder it ended in)
 *
 * The comments do not show where Markdown is rendered (GitHub, Grafana's plugin page).
 */

export interface DocumentedOutput {
  /** `stdout`, `stderr`, or the path of a file the run wrote. */
  stream: string;
  /** `whole`: the stream is these lines (`...` for any lines); `lines`: each line appears, in order. */
  match: 'whole' | 'lines';
  text: string;
  line: number;
}

export interface DocumentedRun {
  script: string;
  /** Line of the block's opening fence, for messages. */
  line: number;
  stores: boolean;
  exitCode: number;
  outputs: DocumentedOutput[];
}

export interface DocumentedBlocks {
  runs: DocumentedRun[];
  /** `sh` blocks with neither comment, and comments that do not fit: `line N: problem`. */
  problems: string[];
  skipped: number;
}

const FENCE = /^(\s*)```(\w*)\s*$/;
const COMMENT = /^\s*<!--\s*doc-(run|skip|output)(?::\s*(.*?))?\s*-->\s*$/;

interface Block {
  language: string;
  text: string;
  line: number;
  comment?: { kind: string; argument: string; line: number };
}

function blocksOf(markdown: string, problems: string[]): Block[] {
  const lines = markdown.split('\n');
  const blocks: Block[] = [];
  let comment: Block['comment'];
  for (let i = 0; i < lines.length; i++) {
    const commentMatch = COMMENT.exec(lines[i]);
    if (commentMatch !== null) {
      comment = { kind: commentMatch[1], argument: commentMatch[2] ?? '', line: i + 1 };
      continue;
    }
    const fence = FENCE.exec(lines[i]);
    if (fence === null) {
      if (lines[i].trim() !== '' && comment !== undefined) {
        problems.push(`line ${comment.line}: doc-${comment.kind} is not right before a code block`);
        comment = undefined;
      }
      continue;
    }
    const indent = fence[1].length;
    const body: string[] = [];
    const start = i;
    for (i++; i < lines.length && !/^\s*```\s*$/.test(lines[i]); i++) {
      body.push(lines[i].slice(Math.min(indent, lines[i].length - lines[i].trimStart().length)));
    }
    blocks.push({ language: fence[2], text: body.join('\n'), line: start + 1, comment });
    comment = undefined;
  }
  return blocks;
}

function parseOutput(block: Block, problems: string[]): DocumentedOutput | undefined {
  const [stream, match] = (block.comment?.argument ?? '').split(/\s*,\s*/);
  if (stream === '' || (match !== undefined && match !== 'lines')) {
    problems.push(`line ${block.line}: doc-output wants "stdout", "stderr" or a file's path, optionally ", lines"`);
    return undefined;
  }
  return { stream, match: match === 'lines' ? 'lines' : 'whole', text: block.text, line: block.line };
}

export function documentedRuns(markdown: string): DocumentedBlocks {
  const runs: DocumentedRun[] = [];
  const problems: string[] = [];
  let skipped = 0;
  for (const block of blocksOf(markdown, problems)) {
    const kind = block.comment?.kind;
    if (block.language === 'sh') {
      if (kind === 'skip' && block.comment?.argument !== '') {
        skipped++;
      } else if (kind === 'run') {
        const words = block.comment?.argument.split(/\s*,\s*/).filter((w) => w !== '') ?? [];
        const exit = words.find((w) => w.startsWith('exit '));
        runs.push({
          script: block.text,
          line: block.line,
          stores: words.includes('stores'),
          exitCode: exit === undefined ? 0 : Number(exit.slice('exit '.length)),
          outputs: [],
        });
      } else {
        problems.push(`line ${block.line}: a sh block needs <!-- doc-run --> or <!-- doc-skip: why --> before it`);
      }
    } else if (kind === 'output') {
      const output = parseOutput(block, problems);
      const run = runs[runs.length - 1];
      if (run === undefined) {
        problems.push(`line ${block.line}: doc-output with no doc-run block before it`);
      } else if (output !== undefined) {
        run.outputs.push(output);
      }
    } else if (kind !== undefined) {
      problems.push(`line ${block.line}: doc-${kind} belongs before a sh block`);
    }
  }
  return { runs, problems, skipped };
}

const ANY_LINES = '...';

/** Whether `actual` is what `documented` shows: line by line, a `...` line standing for any number of lines. */
export function matchesWhole(documented: string[], actual: string[]): boolean {
  const [first, ...rest] = documented;
  if (first === undefined) {
    return actual.length === 0;
  }
  if (first === ANY_LINES) {
    for (let skip = 0; skip <= actual.length; skip++) {
      if (matchesWhole(rest, actual.slice(skip))) {
        return true;
      }
    }
    return false;
  }
  return actual.length > 0 && actual[0] === first && matchesWhole(rest, actual.slice(1));
}

/** The documented lines that do not appear in `actual` in order (none when all do). */
export function missingLines(documented: string[], actual: string[]): string[] {
  let at = 0;
  const missing: string[] = [];
  for (const line of documented) {
    const found = actual.indexOf(line, at);
    if (found === -1) {
      missing.push(line);
    } else {
      at = found + 1;
    }
  }
  return missing;
}
