// A fast path for the plain XML that awsQuery answers are made of: elements, attributes in quotes and text,
// with no entity or character reference, comment, CDATA, DOCTYPE, processing instruction (but the XML
// declaration) or carriage return. It builds the same tree as the full reader (src/wire/xml.ts) in one pass,
// and only for documents that reader accepts; anything else, well-formed or not, it leaves to that reader
// (undefined), which gives the verdict and the message. test/wire/plain-xml.test.ts holds the two to the
// same answer on every recorded body, on hand-made edge cases and on random corruptions of real answers.
import type { XmlElement } from './xml';

const NAME = '[A-Za-z_][A-Za-z0-9_.-]*(?::[A-Za-z_][A-Za-z0-9_.-]*)?';
/** XML's white space (not JavaScript's \s, which also takes U+00A0, U+2028 and more); CR is declined earlier. */
const WS = '[ \\t\\n]';
/** A start tag or an empty-element tag: name, attributes (each preceded by white space), optional "/". */
const START_TAG = new RegExp(`<(${NAME})((?:${WS}+${NAME}${WS}*=${WS}*(?:"[^"<]*"|'[^'<]*'))*)${WS}*(/?)>`, 'y');
const ATTRIBUTE = new RegExp(`(${NAME})${WS}*=${WS}*(?:"([^"<]*)"|'([^'<]*)')`, 'g');
const DECLARATION = /^<\?xml[ \t\n]+version[ \t\n]*=[ \t\n]*(["'])1\.[0-9]\1(?:[ \t\n]+encoding[ \t\n]*=[ \t\n]*(["'])[A-Za-z][A-Za-z0-9._-]*\2)?(?:[ \t\n]+standalone[ \t\n]*=[ \t\n]*(["'])(?:yes|no)\3)?[ \t\n]*\?>/;
/** Well below the full reader's nesting bound (100), so deep documents get its verdict. */
const MAX_DEPTH = 64;

const isNameStart = (c: number) => (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f;
const isNameChar = (c: number) => isNameStart(c) || (c >= 0x30 && c <= 0x39) || c === 0x2e || c === 0x2d;

/** Where a NAME that starts at `at` ends (as the NAME pattern reads it), or -1 when none starts there. */
function nameEnd(text: string, at: number): number {
  if (!isNameStart(text.charCodeAt(at))) return -1;
  let j = at + 1;
  while (isNameChar(text.charCodeAt(j))) j++;
  if (text.charCodeAt(j) === 0x3a /* : */ && isNameStart(text.charCodeAt(j + 1))) {
    j += 2;
    while (isNameChar(text.charCodeAt(j))) j++;
  }
  return j;
}

/** The attributes of every tag that has none: one object for all (readers only read them), frozen so that none is written. */
const NO_ATTRIBUTES: Record<string, string> = Object.freeze({}) as Record<string, string>;
const NO_MATCH = { name: '', attributes: NO_ATTRIBUTES, empty: false, end: -1 };

/**
 * The tag starting at `lt`: most awsQuery tags are a bare name, read here; a tag with attributes or white
 * space goes through START_TAG. end -1: no start tag this path reads (or a repeated attribute).
 */
function startTag(text: string, lt: number): { name: string; attributes: Record<string, string>; empty: boolean; end: number } {
  const j = nameEnd(text, lt + 1);
  if (j > 0) {
    const c = text.charCodeAt(j);
    if (c === 0x3e /* > */) return { name: text.slice(lt + 1, j), attributes: NO_ATTRIBUTES, empty: false, end: j + 1 };
    if (c === 0x2f /* / */ && text.charCodeAt(j + 1) === 0x3e) return { name: text.slice(lt + 1, j), attributes: NO_ATTRIBUTES, empty: true, end: j + 2 };
  }
  START_TAG.lastIndex = lt;
  const start = START_TAG.exec(text);
  if (!start) return NO_MATCH;
  const attributes: Record<string, string> = {};
  for (const a of start[2].matchAll(ATTRIBUTE)) {
    if (a[1] in attributes) return NO_MATCH; // repeated attribute
    attributes[a[1]] = a[2] ?? a[3];
  }
  return { name: start[1], attributes, empty: start[3] === '/', end: START_TAG.lastIndex };
}

/** The root element of a plain document, or undefined: not plain (or not well-formed), use the full reader. */
export function readPlainXml(text: string): XmlElement | undefined {
  if (text.includes('&') || text.includes('\r') || text.includes('<!')) return undefined;
  let i = 0;
  if (text.startsWith('<?')) {
    const declaration = DECLARATION.exec(text);
    if (!declaration) return undefined;
    i = declaration[0].length;
  }
  const open: XmlElement[] = [];
  let root: XmlElement | undefined;
  for (;;) {
    const lt = text.indexOf('<', i);
    const chars = lt === -1 ? text.slice(i) : text.slice(i, lt);
    if (chars) {
      if (open.length) open[open.length - 1].text += chars;
      else if (/[^ \t\n]/.test(chars)) return undefined; // text outside the root element
    }
    if (lt === -1) break;
    const next = text.charCodeAt(lt + 1);
    if (next === 0x2f /* / */) {
      // The one end tag that may come here: the open element's name, then ">" right after it. The full
      // reader takes white space before the ">" too: such a document is left to it.
      const name = open.length ? open[open.length - 1].name : undefined;
      if (name === undefined || !text.startsWith(name, lt + 2) || text.charCodeAt(lt + 2 + name.length) !== 0x3e /* > */) return undefined;
      open.pop();
      i = lt + 3 + name.length;
      continue;
    }
    const start = startTag(text, lt);
    if (start.end < 0) return undefined; // "<?" or "<!" past the start, a tag this path does not read, a repeated attribute
    if (open.length === 0 && root) return undefined; // a second root element
    const element: XmlElement = { name: start.name, attributes: start.attributes, children: [], text: '' };
    if (open.length) open[open.length - 1].children.push(element);
    else root = element;
    if (!start.empty) {
      open.push(element);
      if (open.length > MAX_DEPTH) return undefined;
    }
    i = start.end;
  }
  return open.length === 0 ? root : undefined;
}
