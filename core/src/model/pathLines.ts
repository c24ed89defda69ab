/**
 * Finds where a validator path (`zones[3].cidrs[0]`, `risk.weights["x y"]`) is written in a YAML or JSON file,
 * so a problem can say `line 41`. A path to something missing (a required key left out) gives the line of the
 * nearest enclosing value that is there: that is where the key belongs.
 */
import { isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';

import { ROOT_PATH } from './schema';

type Segment = string | number;

const SEGMENT = /^(?:\.?([A-Za-z_$][A-Za-z0-9_$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\])/;

/** The keys and indexes of a path as `childPath` writes it, or undefined when it is not one (`line 4, column 2`). */
export function pathSegments(path: string): Segment[] | undefined {
  if (path === ROOT_PATH) {
    return [];
  }
  const segments: Segment[] = [];
  let rest = path;
  while (rest !== '') {
    const match = SEGMENT.exec(rest);
    if (match === null) {
      return undefined;
    }
    if (match[1] !== undefined) {
      segments.push(match[1]);
    } else if (match[2] !== undefined) {
      segments.push(Number(match[2]));
    } else {
      segments.push(JSON.parse(match[3]) as string);
    }
    rest = rest.slice(match[0].length);
  }
  return segments;
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) {
    return String(key.value);
  }
  return typeof key === 'string' ? key : undefined;
}

/** Where a node starts: the offset of its first character. */
function startOf(node: { range?: [number, number, number] | null } | null | undefined): number | undefined {
  return node?.range?.[0];
}

/** The line a path points to in a parsed document, or undefined when the path is not one. */
export function lineOfPath(document: Document, lineCounter: LineCounter, path: string): number | undefined {
  const segments = pathSegments(path);
  if (segments === undefined) {
    return undefined;
  }
  let node: unknown = document.contents;
  let offset = startOf(document.contents as Node | null);
  for (const segment of segments) {
    if (isMap(node) && typeof segment === 'string') {
      const pair = node.items.find((item) => isPair(item) && keyText(item.key) === segment);
      if (pair === undefined) {
        break;
      }
      // A key's line is where its value is read: `slTarget: 7`, or the head of a nested block.
      offset = startOf(pair.key as Node | null) ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item: unknown = node.items[segment];
      if (item === undefined) {
        break;
      }
      offset = startOf(item as Node) ?? offset;
      node = item;
    } else {
      break;
    }
  }
  return offset === undefined ? undefined : lineCounter.linePos(offset).line;
}
