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
const END_TAG = new RegExp(`</(${NAME})>`, 'y');
const DECLARATION = /^<\?xml[ \t\n]+version[ \t\n]*=[ \t\n]*(["'])1\.[0-9]\1(?:[ \t\n]+encoding[ \t\n]*=[ \t\n]*(["'])[A-Za-z][A-Za-z0-9._-]*\2)?(?:[ \t\n]+standalone[ \t\n]*=[ \t\n]*(["'])(?:yes|no)\3)?[ \t\n]*\?>/;
/** Well below the full reader's nesting bound (100), so deep documents get its verdict. */
const MAX_DEPTH = 64;

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
      END_TAG.lastIndex = lt;
      const end = END_TAG.exec(text);
      if (!end || open.length === 0 || open[open.length - 1].name !== end[1]) return undefined;
      open.pop();
      i = END_TAG.lastIndex;
      continue;
    }
    START_TAG.lastIndex = lt;
    const start = START_TAG.exec(text);
    if (!start) return undefined; // "<?" or "<!" past the start, or a tag this path does not read
    if (open.length === 0 && root) return undefined; // a second root element
    const attributes: Record<string, string> = {};
    for (const a of start[2].matchAll(ATTRIBUTE)) {
      if (a[1] in attributes) return undefined; // repeated attribute
      attributes[a[1]] = a[2] ?? a[3];
    }
    const element: XmlElement = { name: start[1], attributes, children: [], text: '' };
    if (open.length) open[open.length - 1].children.push(element);
    else root = element;
    if (start[3] !== '/') {
      open.push(element);
      if (open.length > MAX_DEPTH) return undefined;
    }
    i = START_TAG.lastIndex;
  }
  return open.length === 0 ? root : undefined;
}
