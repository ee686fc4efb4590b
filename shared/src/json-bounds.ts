/**
 * Bounds on untrusted JSON text, checked in one pass over the characters before
 * JSON.parse turns it into objects. Parsing is what costs memory: 25 MB of `{},`
 * becomes eight million objects, over 500 MB of heap, and a million members with
 * distinct names 600 MB (each new name is a new hidden class), before any schema
 * can say no.
 */
export interface JsonBounds {
  /** Most values (members and elements, counted as commas and open brackets) in the whole text. */
  maxValues: number;
  /** Most members of one object or elements of one array. */
  maxMembers: number;
  /** Deepest nesting of objects and arrays. */
  maxDepth: number;
  /** Most distinct member names in the whole text. */
  maxNames: number;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;
const COLON = 0x3a;

/** Whether the string that ended just before `from` is a member name: a colon follows it. */
function colonFollows(text: string, from: number): boolean {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === COLON) return true;
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return false;
  }
  return false;
}

/**
 * The first bound the text breaks, as a problem for a person to read, or null.
 * Malformed text passes here and is left to JSON.parse to describe.
 */
export function jsonBoundsProblem(text: string, bounds: JsonBounds): string | null {
  let values = 0;
  let inString = false;
  let stringStart = 0;
  const names = new Set<string>();
  // Members counted so far in each open container (commas + 1).
  const members: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) {
        inString = false;
        if (colonFollows(text, i + 1)) {
          names.add(text.slice(stringStart, i));
          if (names.size > bounds.maxNames)
            return `(file): more than ${bounds.maxNames.toLocaleString('en')} different member names; a board file uses about 100`;
        }
      }
      continue;
    }
    if (c === QUOTE) {
      inString = true;
      stringStart = i + 1;
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      values++;
      if (members.length >= bounds.maxDepth) return `(file): nested deeper than ${bounds.maxDepth} levels`;
      members.push(1);
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) members.pop();
    else if (c === COMMA) {
      values++;
      const depth = members.length - 1;
      if (depth >= 0) {
        const count = (members[depth] as number) + 1;
        if (count > bounds.maxMembers)
          return `(file): a list or object with more than ${bounds.maxMembers.toLocaleString('en')} entries`;
        members[depth] = count;
      }
    } else continue;
    if (values > bounds.maxValues)
      return `(file): more than ${bounds.maxValues.toLocaleString('en')} values; no board file has that many`;
  }
  return null;
}
