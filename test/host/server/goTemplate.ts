/**
 * The part of Go's text/template that plugin route templates use, evaluated as Grafana's interpolateString
 * does over `{ JsonData, SecureJsonData }` (pkg/api/pluginproxy/ds_auth_provider.go):
 * - `{{ .JsonData.key }}`, `{{ .SecureJsonData.key }}`: the value; a missing key prints `<no value>`;
 * - `{{ if .X.key }}...{{ else if .X.other }}...{{ else }}...{{ end }}`: Go's truth (false for a missing key,
 *   empty string, 0, false, null, empty list or map);
 * - `{{-` and `-}}` trim the whitespace next to them.
 * Anything else (pipelines, functions, range, with) is refused with the template named, not guessed at.
 */

type Node =
  | { kind: 'text'; text: string }
  | { kind: 'field'; path: string[] }
  | { kind: 'if'; branches: Array<{ path: string[] | undefined; body: Node[] }> };

const ACTION = /\{\{(-?)\s*(.*?)\s*(-?)\}\}/gs;
const FIELD = /^((?:\.[A-Za-z_][A-Za-z0-9_]*)+)$/;

function fieldPath(expression: string, template: string): string[] {
  const match = FIELD.exec(expression);
  if (!match) {
    throw new Error(`route template ${template}: "${expression}" is not a field such as .JsonData.key`);
  }
  return match[1].slice(1).split('.');
}

interface Token {
  kind: 'text' | 'action';
  value: string;
}

function tokenize(template: string): Token[] {
  const tokens: Token[] = [];
  let last = 0;
  let trimNext = false;
  for (const match of template.matchAll(ACTION)) {
    let text = template.slice(last, match.index);
    if (trimNext) {
      text = text.replace(/^\s+/, '');
    }
    if (match[1] === '-') {
      text = text.replace(/\s+$/, '');
    }
    if (text !== '') {
      tokens.push({ kind: 'text', value: text });
    }
    tokens.push({ kind: 'action', value: match[2] });
    trimNext = match[3] === '-';
    last = (match.index ?? 0) + match[0].length;
  }
  let rest = template.slice(last);
  if (trimNext) {
    rest = rest.replace(/^\s+/, '');
  }
  if (rest !== '') {
    tokens.push({ kind: 'text', value: rest });
  }
  return tokens;
}

function parse(template: string): Node[] {
  const tokens = tokenize(template);
  let position = 0;

  const parseList = (terminators: string[]): { nodes: Node[]; end: string } => {
    const nodes: Node[] = [];
    while (position < tokens.length) {
      const token = tokens[position++];
      if (token.kind === 'text') {
        nodes.push({ kind: 'text', text: token.value });
        continue;
      }
      const action = token.value;
      const keyword = action.split(/\s+/, 1)[0];
      if (terminators.includes(keyword)) {
        return { nodes, end: action };
      }
      if (keyword === 'if') {
        const branches: Array<{ path: string[] | undefined; body: Node[] }> = [];
        let condition: string[] | undefined = fieldPath(action.slice(2).trim(), template);
        for (;;) {
          const { nodes: body, end } = parseList(['else', 'end']);
          branches.push({ path: condition, body });
          if (end === 'end') {
            break;
          }
          if (end === 'else') {
            condition = undefined;
          } else if (/^else\s+if\s/.test(end)) {
            condition = fieldPath(end.replace(/^else\s+if\s+/, ''), template);
          }
          if (condition === undefined && branches.some((branch) => branch.path === undefined)) {
            throw new Error(`route template ${template}: two {{ else }} in one {{ if }}`);
          }
        }
        nodes.push({ kind: 'if', branches });
        continue;
      }
      if (action.startsWith('.')) {
        nodes.push({ kind: 'field', path: fieldPath(action, template) });
        continue;
      }
      throw new Error(`route template ${template}: {{ ${action} }} is not modelled by the test host`);
    }
    if (terminators.length > 0) {
      throw new Error(`route template ${template}: {{ if }} without {{ end }}`);
    }
    return { nodes, end: '' };
  };

  return parseList([]).nodes;
}

function lookup(data: unknown, path: string[]): unknown {
  let current: unknown = data;
  for (const key of path) {
    if (typeof current !== 'object' || current === null || !(key in current)) {
      return undefined;
    }
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** Go's template truth. */
function truthy(value: unknown): boolean {
  if (value === undefined || value === null || value === false || value === 0 || value === '') {
    return false;
  }
  if (Array.isArray(value)) {
    return value.length > 0;
  }
  if (typeof value === 'object') {
    return Object.keys(value).length > 0;
  }
  return true;
}

/** fmt's %v for the values JSON settings hold. */
function print(value: unknown): string {
  if (value === undefined) {
    return '<no value>';
  }
  if (value === null) {
    return '<nil>';
  }
  if (Array.isArray(value)) {
    return `[${value.map(print).join(' ')}]`;
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => a.localeCompare(b));
    return `map[${entries.map(([key, item]) => `${key}:${print(item)}`).join(' ')}]`;
  }
  return String(value);
}

function render(nodes: Node[], data: unknown): string {
  return nodes
    .map((node) => {
      switch (node.kind) {
        case 'text':
          return node.text;
        case 'field':
          return print(lookup(data, node.path));
        case 'if': {
          const branch = node.branches.find(
            (candidate) => candidate.path === undefined || truthy(lookup(data, candidate.path))
          );
          return branch ? render(branch.body, data) : '';
        }
      }
    })
    .join('');
}

/** Renders a route template over the given data; throws, naming the template, on syntax it does not model. */
export function renderGoTemplate(template: string, data: unknown): string {
  return render(parse(template), data);
}
