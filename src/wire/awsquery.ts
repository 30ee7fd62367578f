// Reads an awsQuery response body into a "wire view" guided by the contract shapes: member names as sent,
// timestamps as the text that was sent, integers and booleans converted only when written correctly (a
// malformed value stays a string, so the schema check reports it instead of silently becoming NaN/false
// as it does in the SDK).
import type { Contract } from '../contract';
import { perShape } from '../contract/per-shape';
import { childrenNamed, parseXml, type XmlElement } from './xml';

export type WireView =
  | { kind: 'result'; root: string; xmlns?: string; resultElement?: string; result: Record<string, unknown>; requestId?: string; extras: string[] }
  | { kind: 'error'; root: string; xmlns?: string; type?: string; code?: string; message?: string; requestId?: string; extras: string[] }
  | { kind: 'unreadable'; reason: string };

/** Elements of the envelope that awsQuery does not define, as paths ("ResponseMetadata/Foo"). */
function extrasOf(el: XmlElement, allowed: Record<string, string[] | true>, prefix = ''): string[] {
  const out: string[] = [];
  for (const child of el.children) {
    const rule = Object.hasOwn(allowed, child.name) ? allowed[child.name] : undefined;
    if (!rule) out.push(`${prefix}${child.name}`);
    else if (Array.isArray(rule)) out.push(...extrasOf(child, Object.fromEntries(rule.map((r) => [r, true])), `${prefix}${child.name}/`));
  }
  return out;
}

/** Several checks read each answer; parse each response body once (for the contract and operation it was read with). */
const viewed = new WeakMap<object, { contract: Contract; operation: string; view: WireView }>();

/**
 * Views by content, per contract: a run gets the same body many times (every case that walks the same
 * report: half the bytes of the default run) and reads it once. Keyed by the body text itself (the
 * answer's own string, not a copy), then by operation. Readers never change a view. Bounded: past
 * VIEWS_KEPT_CHARS characters of bodies (four times the default run's distinct ones), the oldest go.
 */
interface KeptViews {
  byBody: Map<string, Map<string, WireView>>;
  chars: number;
}
const byContent = new WeakMap<Contract, KeptViews>();
export const VIEWS_KEPT_CHARS = 4 * 1024 * 1024;

export function wireViewOf(contract: Contract, operation: string, response: { body: string }): WireView {
  const seen = viewed.get(response);
  if (seen && seen.contract === contract && seen.operation === operation) return seen.view;
  let kept = byContent.get(contract);
  if (!kept) byContent.set(contract, (kept = { byBody: new Map(), chars: 0 }));
  const body = response.body;
  let view = kept.byBody.get(body)?.get(operation);
  if (!view) {
    view = readAwsQueryResponse(contract, operation, body);
    // A body beyond the bound would push out every other view: its view stays with its answer only.
    if (body.length <= VIEWS_KEPT_CHARS) keep(kept, body).set(operation, view);
  }
  viewed.set(response, { contract, operation, view });
  return view;
}

/** The views kept for a body, made (letting the oldest bodies go past the bound) when it is new. */
function keep(kept: KeptViews, body: string): Map<string, WireView> {
  let views = kept.byBody.get(body);
  if (views) return views;
  kept.byBody.set(body, (views = new Map()));
  kept.chars += body.length;
  for (const [oldest] of kept.byBody) {
    if (kept.chars <= VIEWS_KEPT_CHARS) break;
    kept.byBody.delete(oldest);
    kept.chars -= oldest.length;
  }
  return views;
}

export function readAwsQueryResponse(contract: Contract, operation: string, body: string): WireView {
  if (body.trim() === '') return { kind: 'unreadable', reason: 'empty body' };
  const parsed = parseXml(body);
  if ('error' in parsed) return { kind: 'unreadable', reason: parsed.error };
  const root = parsed.root;
  const xmlns = root.attributes.xmlns;
  if (root.name === 'ErrorResponse') {
    const error = childrenNamed(root, 'Error')[0];
    const field = (n: string) => (error ? childrenNamed(error, n)[0]?.text : undefined);
    return {
      kind: 'error', root: root.name, xmlns,
      type: field('Type'), code: field('Code'), message: field('Message'),
      requestId: childrenNamed(root, 'RequestId')[0]?.text,
      extras: extrasOf(root, { Error: ['Type', 'Code', 'Message'], RequestId: true }),
    };
  }
  const op = contract.operation(operation);
  const resultName = `${operation}Result`;
  const resultEl = childrenNamed(root, resultName)[0];
  const requestId = childrenNamed(childrenNamed(root, 'ResponseMetadata')[0] ?? emptyElement(), 'RequestId')[0]?.text;
  return {
    kind: 'result', root: root.name, xmlns, resultElement: resultEl?.name, requestId,
    result: resultEl ? (readerFor(contract, op.output)(resultEl) as Record<string, unknown>) : {},
    extras: extrasOf(root, { [resultName]: true, ResponseMetadata: ['RequestId'] }),
  };
}

/** Text other than white space (indentation) directly inside an element; JavaScript's trim() white space, as before. */
function hasText(el: XmlElement): boolean {
  return el.text !== '' && el.text.trim() !== '';
}

function emptyElement(): XmlElement {
  return { name: '', attributes: {}, children: [], text: '' };
}

/** An element's value under its own name, whatever the name: `toString` or `__proto__` are members like any other. */
function put(out: Record<string, unknown>, name: string, value: unknown): void {
  if (name === '__proto__') Object.defineProperty(out, name, { value, enumerable: true, writable: true, configurable: true });
  else out[name] = value;
}

/** Reads an element as a value of one shape (what readerFor makes). */
type Reader = (el: XmlElement) => unknown;

/** The reader of a shape, made once per contract and shape. */
const readerFor = perShape<Reader>((contract, shapeName) => makeReader(contract, shapeName));

function makeReader(contract: Contract, shapeName: string): Reader {
  const shape = contract.shape(shapeName);
  switch (shape.type) {
    case 'structure': {
      const members = new Map(Object.entries(shape.members).map(([name, ref]) => [name, readerFor(contract, ref.shape)]));
      return (el) => {
        const out: Record<string, unknown> = {};
        // Text beside the members (not indentation) is kept as a member no shape defines, so the schema reports it.
        if (hasText(el)) out['(text)'] = el.text.trim();
        for (const child of el.children) {
          const read = members.get(child.name);
          // Unknown elements are kept as text so that the schema reports them as unexpected members.
          const value = read ? read(child) : child.children.length ? '(element)' : child.text;
          put(out, child.name, Object.hasOwn(out, child.name) ? [out[child.name], value].flat() : value);
        }
        return out;
      };
    }
    case 'list': {
      const item = readerFor(contract, shape.member);
      return (el) => {
        // Lists are <Member><member>..</member>...</Member>; anything else inside is kept so it shows up.
        const items: unknown[] = el.children.map((c) => (c.name === 'member' ? item(c) : { [`<${c.name}>`]: c.text }));
        // Text beside the items (not the whitespace of indentation) is not an item: kept as a value no member shape admits.
        if (hasText(el)) items.push([`text outside <member>: ${el.text.trim()}`]);
        return items;
      };
    }
    default: {
      const type = shape.type;
      return (el) => {
        // A scalar holding elements is not a scalar: its text alone would read as a valid value and hide them.
        if (el.children.length) return { [`<${el.children[0].name}>`]: `element inside a ${type} member` };
        if (type === 'integer') return /^[+-]?\d+$/.test(el.text.trim()) ? Number(el.text.trim()) : el.text;
        if (type === 'boolean') return el.text === 'true' ? true : el.text === 'false' ? false : el.text;
        return el.text;
      };
    }
  }
}
