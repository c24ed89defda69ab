import { documentedRuns, matchesWhole, missingLines } from './documentedRuns';

const page = [
  '# A page',
  '',
  '<!-- doc-run -->',
  '',
  '```sh',
  'cd cli && echo hi',
  '```',
  '',
  'It prints:',
  '',
  '<!-- doc-output: stdout -->',
  '```text',
  'hi',
  '```',
  '',
  '<!-- doc-run: stores, exit 2 -->',
  '- in a list:',
  '',
  '  <!-- doc-skip: a service that runs until stopped -->',
  '  ```sh',
  '  conduit-analyze --follow',
  '  ```',
  '',
  '```text',
  'a synopsis, not an output',
  '```',
  '',
  '```sh',
  'rm -rf /',
  '```',
].join('\n');

describe('documentedRuns', () => {
  it('reads each run with its outputs, and counts the blocks skipped with a reason', () => {
    const { runs, problems, skipped } = documentedRuns(page);
    expect(runs).toEqual([
      {
        script: 'cd cli && echo hi',
        line: 5,
        stores: false,
        exitCode: 0,
        outputs: [{ stream: 'stdout', match: 'whole', text: 'hi', line: 12 }],
      },
    ]);
    expect(skipped).toBe(1);
    // The comment over the list item's text is not the block's; the bare sh block has none.
    expect(problems).toEqual([
      'line 16: doc-run is not right before a code block',
      'line 28: a sh block needs <!-- doc-run --> or <!-- doc-skip: why --> before it',
    ]);
  });

  it('reads the store and exit-code options', () => {
    const { runs } = documentedRuns('<!-- doc-run: stores, exit 2 -->\n```sh\nx\n```\n');
    expect(runs[0]).toMatchObject({ stores: true, exitCode: 2 });
  });

  it('names a doc-output that follows no run, or names no stream', () => {
    expect(documentedRuns('<!-- doc-output: stdout -->\n```text\nx\n```\n').problems).toEqual([
      'line 2: doc-output with no doc-run block before it',
    ]);
    expect(
      documentedRuns('<!-- doc-run -->\n```sh\nx\n```\n<!-- doc-output: stdout, all -->\n```text\nx\n```\n').problems
    ).toEqual(['line 6: doc-output wants "stdout", "stderr" or a file\'s path, optionally ", lines"']);
  });

  it('refuses a skip without a reason', () => {
    expect(documentedRuns('<!-- doc-skip -->\n```sh\nx\n```\n').problems).toHaveLength(1);
  });
});

describe('matchesWhole', () => {
  it('matches line by line, a ... line standing for any number of lines', () => {
    expect(matchesWhole(['a', 'b'], ['a', 'b'])).toBe(true);
    expect(matchesWhole(['a', 'b'], ['a', 'b', 'c'])).toBe(false);
    expect(matchesWhole(['a', '...', 'd'], ['a', 'b', 'c', 'd'])).toBe(true);
    expect(matchesWhole(['a', '...', 'd'], ['a', 'd'])).toBe(true);
    expect(matchesWhole(['a', '...', 'd'], ['a', 'b', 'c'])).toBe(false);
  });
});

describe('missingLines', () => {
  it('lists the documented lines not found in order', () => {
    expect(missingLines(['b', 'd'], ['a', 'b', 'c', 'd'])).toEqual([]);
    expect(missingLines(['d', 'b'], ['a', 'b', 'c', 'd'])).toEqual(['b']);
  });
});
