/**
 * Where JSON text first breaks the grammar. `JSON.parse` names the position for most errors but not
 * for an unexpected token, and a file reader must point at a line; this scanner finds it. It checks the
 * grammar only and builds nothing, with an explicit stack so deep nesting cannot overflow.
 */

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const HEX4 = /^[0-9a-fA-F]{4}$/;
const LITERALS = ['true', 'false', 'null'];

/** The offset of the first syntax error in `text`, or undefined when it is valid JSON. */
export function jsonErrorOffset(text: string): number | undefined {
  const n = text.length;
  let i = 0;
  const stack: string[] = [];

  const skipSpace = () => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c !== 32 && c !== 9 && c !== 10 && c !== 13) {
        return;
      }
      i++;
    }
  };

  /** Reads a string starting at its opening quote; false leaves `i` at the fault. */
  const readString = (): boolean => {
    if (text[i] !== '"') {
      return false;
    }
    i++;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 34) {
        i++;
        return true;
      }
      if (c < 32) {
        return false;
      }
      if (c === 92) {
        const escape = text[i + 1];
        if (escape === 'u') {
          if (!HEX4.test(text.slice(i + 2, i + 6))) {
            return false;
          }
          i += 6;
        } else if (escape !== undefined && '"\\/bfnrt'.includes(escape)) {
          i += 2;
        } else {
          return false;
        }
      } else {
        i++;
      }
    }
    return false;
  };

  /** Reads `"key":` of an object member. */
  const readKey = (): boolean => {
    skipSpace();
    if (!readString()) {
      return false;
    }
    skipSpace();
    if (text[i] !== ':') {
      return false;
    }
    i++;
    return true;
  };

  const readScalar = (): boolean => {
    const c = text[i];
    if (c === '"') {
      return readString();
    }
    if (c === '-' || (c >= '0' && c <= '9')) {
      NUMBER.lastIndex = i;
      if (NUMBER.exec(text) === null) {
        return false;
      }
      i = NUMBER.lastIndex;
      return true;
    }
    // Step over the part of a literal that matches, so the fault is where the parser saw it (`tru}`).
    const literal = LITERALS.find((l) => l[0] === c);
    if (literal === undefined) {
      return false;
    }
    for (const expected of literal) {
      if (text[i] !== expected) {
        return false;
      }
      i++;
    }
    return true;
  };

  let expectValue = true;
  for (;;) {
    skipSpace();
    if (expectValue) {
      const c = text[i];
      if (c === '{' || c === '[') {
        i++;
        skipSpace();
        if (text[i] === (c === '{' ? '}' : ']')) {
          i++;
          expectValue = false;
        } else {
          stack.push(c);
          if (c === '{' && !readKey()) {
            return i;
          }
        }
        continue;
      }
      if (i >= n || !readScalar()) {
        return i;
      }
      expectValue = false;
      continue;
    }
    const open = stack[stack.length - 1];
    if (open === undefined) {
      return i < n ? i : undefined;
    }
    if (text[i] === ',') {
      i++;
      if (open === '{' && !readKey()) {
        return i;
      }
      expectValue = true;
    } else if (text[i] === (open === '{' ? '}' : ']')) {
      i++;
      stack.pop();
    } else {
      return i;
    }
  }
}
