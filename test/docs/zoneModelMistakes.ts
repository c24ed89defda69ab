/**
 * The mistakes docs/zone-model.md lists, each as an edit of the page's worked example: the docs test applies the
 * edit and holds the table's message to what the validator says.
 */
export interface ModelMistake {
  /** The table's first column. */
  mistake: string;
  /** Text of the worked example and what it becomes. */
  replace: string;
  with: string;
}

export const MODEL_MISTAKES: ModelMistake[] = [
  { mistake: 'snake_case key', replace: '    purdueLevel: 2\n', with: '    purdue_level: 2\n' },
  { mistake: 'security level out of range', replace: '    slTarget: 3\n', with: '    slTarget: 5\n' },
  { mistake: 'the same network in two zones', replace: 'cidrs: [10.40.2.0/24]', with: 'cidrs: [10.40.1.0/24]' },
  { mistake: 'a prefix too long', replace: 'cidrs: [10.40.2.0/24]', with: 'cidrs: [10.40.2.0/33]' },
  {
    mistake: 'a prefix one bit too short (a warning)',
    replace: 'cidrs: [10.40.1.0/24]',
    with: 'cidrs: [10.40.2.0/23]',
  },
  { mistake: '`bidirectional`', replace: 'direction: one-way', with: 'direction: bidirectional' },
  {
    mistake: 'an operation other than read or write',
    replace: 'operations: [read, write]',
    with: 'operations: [read, diagnostic]',
  },
  { mistake: 'a misspelt zone', replace: '    to: field\n', with: '    to: feild\n' },
  { mistake: 'criticality out of range', replace: 'criticality: 5', with: 'criticality: 7' },
  { mistake: 'a bad address', replace: 'address: 10.40.2.20', with: 'address: 10.40.2.300' },
  { mistake: 'YAML that does not parse', replace: 'name: Control room', with: 'name: [Control room' },
];
