import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { formatProblem, parseZoneModel } from '@conduit/core';

import { MODEL_MISTAKES } from './zoneModelMistakes';

const page = readFileSync(join(__dirname, '..', '..', 'docs', 'zone-model.md'), 'utf8');

function workedExample(): string {
  const match = /## A worked example\n\n```yaml\n([\s\S]*?)```/.exec(page);
  if (match === null) {
    throw new Error('docs/zone-model.md has no "A worked example" section with a yaml block');
  }
  return match[1];
}

/** The rows of the common-mistakes table: mistake and the message in its backticks. */
function mistakeRows(): Array<{ mistake: string; message: string }> {
  const section = page.slice(page.indexOf('## Common mistakes'));
  return section
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('| mistake') && !line.startsWith('| ---'))
    .map((line) => {
      const [mistake, message] = line
        .slice(1, -1)
        .split(/ \| /)
        .map((cell) => cell.trim());
      return { mistake, message: message.replace(/^`|`$/g, '') };
    });
}

describe('docs/zone-model.md', () => {
  it('has a worked example that the validator accepts without a word', () => {
    expect(parseZoneModel(workedExample())).toMatchObject({ ok: true, problems: [] });
  });

  it('gives, for each common mistake, the message the validator gives for it', () => {
    const rows = mistakeRows();
    expect(rows.map((row) => row.mistake)).toEqual(MODEL_MISTAKES.map((m) => m.mistake));
    for (const [i, mistake] of MODEL_MISTAKES.entries()) {
      const example = workedExample();
      expect({ mistake: mistake.mistake, found: example.includes(mistake.replace) }).toEqual({
        mistake: mistake.mistake,
        found: true,
      });
      const problems = parseZoneModel(example.replace(mistake.replace, mistake.with)).problems.map(formatProblem);
      expect({ mistake: mistake.mistake, problems }).toEqual({
        mistake: mistake.mistake,
        problems: expect.arrayContaining([rows[i].message]) as string[],
      });
    }
  });
});
