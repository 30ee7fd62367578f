// A small element tree over fast-xml-parser, keeping element order, repeated elements and text as written.
import type { XMLParser } from 'fast-xml-parser';
import { readPlainXml } from './plain-xml';

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** Concatenated text directly inside this element (not inside children). */
  text: string;
}

// fast-xml-parser is loaded with the first document the fast path declines (none in a run of plain answers).
let parserInstance: XMLParser | undefined;
const fxp = () => require('fast-xml-parser') as typeof import('fast-xml-parser');
const parser = () => (parserInstance ??= new (fxp().XMLParser)({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: true,
}));

/** Parses a document; returns its root element, or a reason when the text is not well-formed XML. */
export function parseXml(text: string): { root: XmlElement } | { error: string } {
  // Plain documents (every awsQuery answer seen so far) in one pass; the rest through fast-xml-parser.
  const plain = readPlainXml(text);
  return plain ? { root: plain } : parseXmlFully(text);
}

/** The full reader: validation, then fast-xml-parser's tree (entities, comments, CDATA, DOCTYPE and its bounds). */
export function parseXmlFully(text: string): { root: XmlElement } | { error: string } {
  const valid = fxp().XMLValidator.validate(text);
  if (valid !== true) return { error: `not well-formed XML: ${valid.err.msg} (line ${valid.err.line}, column ${valid.err.col})` };
  let nodes: any[];
  try {
    nodes = parser().parse(text) as any[];
  } catch (e) {
    // The parser's own bounds (nesting depth, entity expansion) refuse hostile documents by throwing.
    return { error: `unreadable XML: ${(e as Error).message}` };
  }
  const elements = nodes.map(toElement).filter((e): e is XmlElement => e !== undefined && !e.name.startsWith('?'));
  if (elements.length !== 1) return { error: `expected one root element, found ${elements.length}` };
  return { root: elements[0] };
}

function toElement(node: any): XmlElement | undefined {
  const name = Object.keys(node).find((k) => k !== ':@');
  if (name === undefined || name === '#text') return undefined;
  const attrs: Record<string, string> = {};
  for (const [k, v] of Object.entries<any>(node[':@'] ?? {})) attrs[k] = String(v);
  const children: XmlElement[] = [];
  let text = '';
  for (const child of node[name] as any[]) {
    if ('#text' in child) text += String(child['#text']);
    else {
      const el = toElement(child);
      if (el) children.push(el);
    }
  }
  return { name, attributes: attrs, children, text };
}

export function childrenNamed(el: XmlElement, name: string): XmlElement[] {
  return el.children.filter((c) => c.name === name);
}
