// Placeholders for the values that differ from run to run (tokens only the target mints, request ids) and
// from account to account (organization, root, OU and account ids). What is replaced comes from the contract:
// members whose shape is `opaque`, and the spec's `volatile` section; nothing here names a member.
//
// A placeholder keeps the original's length and, position by position, its character class (digits stay
// digits, lower-case letters lower-case, upper-case upper-case; every other character and an id kind's
// prefix are kept), and within one recording the same original always gets the same placeholder. So a
// boundary value stays on its side of the constraint it tests (a root id one character short is still one
// short), and a value cut from a known one (a JobId one character short) is cut from its placeholder.
import type { Contract, Shape } from '../contract';

const ALPHABETS = ['0123456789', 'abcdefghijklmnopqrstuvwxyz', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'];
const alphabetOf = (c: string) => ALPHABETS.find((a) => a.includes(c));

/** The value with every digit made 0 and every letter a/A (after `keep` characters): its shape. */
export function shapeOf(value: string, keep = 0): string {
  let out = value.slice(0, keep);
  for (const c of value.slice(keep)) out += alphabetOf(c)?.[0] ?? c;
  return out;
}

/** The n-th placeholder of a value's shape: n written right-aligned in the value's own alphabets; undefined when it does not fit. */
function nthPlaceholder(value: string, keep: number, n: number): string | undefined {
  const chars = [...value];
  let rest = n;
  for (let i = chars.length - 1; i >= keep; i--) {
    const alphabet = alphabetOf(chars[i]);
    if (!alphabet) continue;
    chars[i] = alphabet[rest % alphabet.length];
    rest = Math.floor(rest / alphabet.length);
  }
  return rest === 0 ? chars.join('') : undefined;
}

interface IdKind { name: string; prefix: string; find: RegExp }

/** What the contract says is volatile, in the form the normaliser uses (derived once per contract). */
export interface VolatileModel {
  /** Per operation: form fields (top-level input members) of an opaque shape -> the shape (the kind). */
  inputs: Map<string, Map<string, string>>;
  /** Per operation: element names (output members, at any depth) of an opaque shape -> the shape. */
  outputs: Map<string, Map<string, string>>;
  envelope: string[];
  /** Lower-case header names. */
  headers: string[];
  ids: IdKind[];
  /** Every id kind's `find`, as one alternation (one pass, so no placeholder is replaced again). */
  anyId?: RegExp;
}

const models = new WeakMap<Contract, VolatileModel>();

export function volatileModel(contract: Contract): VolatileModel {
  const cached = models.get(contract);
  if (cached) return cached;
  const isOpaque = (s: Shape | undefined) => s !== undefined && 'opaque' in s && s.opaque === true;
  const inputs = new Map<string, Map<string, string>>();
  const outputs = new Map<string, Map<string, string>>();
  for (const op of Object.values(contract.operations)) {
    const fields = new Map<string, string>();
    const input = contract.shapes[op.input];
    if (input?.type === 'structure') for (const [name, ref] of Object.entries(input.members)) if (isOpaque(contract.shapes[ref.shape])) fields.set(name, ref.shape);
    inputs.set(op.name, fields);
    const elements = new Map<string, string>();
    const seen = new Set<string>();
    const visit = (shapeName: string) => {
      const shape = contract.shapes[shapeName];
      if (!shape || seen.has(shapeName)) return;
      seen.add(shapeName);
      if (shape.type === 'list') visit(shape.member);
      if (shape.type !== 'structure') return;
      for (const [name, ref] of Object.entries(shape.members)) {
        if (isOpaque(contract.shapes[ref.shape])) elements.set(name, ref.shape);
        else visit(ref.shape);
      }
    };
    visit(op.output);
    outputs.set(op.name, elements);
  }
  const v = contract.volatile;
  const ids = Object.entries(v.idKinds).map(([name, k]) => ({ name, prefix: k.prefix ?? '', find: new RegExp(k.find, 'g') }));
  const model: VolatileModel = {
    inputs, outputs, envelope: v.envelope, headers: v.headers.map((h) => h.toLowerCase()), ids,
    anyId: ids.length ? new RegExp(ids.map((k) => `(${k.find.source})`).join('|'), 'g') : undefined,
  };
  models.set(contract, model);
  return model;
}

/** Calls `each(kindIndex, id)` for every id in the text and puts its result in place. */
function replaceIds(model: VolatileModel, text: string, each: (kind: IdKind, id: string) => string): string {
  if (!model.anyId) return text;
  return text.replace(model.anyId, (id, ...groups) => {
    const k = groups.slice(0, model.ids.length).findIndex((g) => g !== undefined);
    return each(model.ids[k], id);
  });
}

/** Ids replaced by their shape: requests that differ only in which ids they hold (not in their form) match. */
export function idShapes(model: VolatileModel, text: string): string {
  return replaceIds(model, text, (kind, id) => shapeOf(id, kind.prefix.length));
}

const unescapeXml = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The operation of an awsQuery answer, from its root element (<{Operation}Response>). */
function operationOf(xml: string): string | undefined {
  return /<([A-Za-z0-9]+)Response[\s>]/.exec(xml)?.[1];
}

/** Replaces the text of the named elements (each name -> its kind) in document order. */
function replaceElements(xml: string, names: Map<string, string>, each: (kind: string, value: string) => string): string {
  if (names.size === 0) return xml;
  const re = new RegExp(`<(${[...names.keys()].map(escapeRe).join('|')})>([^<]*)</\\1>`, 'g');
  return xml.replace(re, (_m, name: string, text: string) => `<${name}>${escapeXml(each(names.get(name)!, unescapeXml(text)))}</${name}>`);
}

/** Element values in document order, by kind. */
function elementValues(xml: string, names: Map<string, string>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  replaceElements(xml, names, (kind, value) => {
    out.set(kind, [...(out.get(kind) ?? []), value]);
    return value;
  });
  return out;
}

function idValues(model: VolatileModel, text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  replaceIds(model, text, (kind, id) => {
    out.set(kind.name, [...(out.get(kind.name) ?? []), id]);
    return id;
  });
  return out;
}

const ENVELOPE = 'envelope';

/** How values derive from known ones: the shortest cut taken for one, and whether an extension's tail is shaped. */
interface Derivation { minCut: number; shapeTail: boolean }
// A token of ours shorter than 8 characters is not taken for a cut of a known one (markers can be one
// character); the padding a case appends to a token is its own and stays.
const TOKEN: Derivation = { minCut: 8, shapeTail: false };
// An id cut or extended (a root id one character short) keeps the prefix and one more character; the tail
// of an extended id may hold a real id's characters, so it is shaped.
const idDerivation = (kind: IdKind): Derivation => ({ minCut: kind.prefix.length + 2, shapeTail: true });

/** One side's originals and their placeholders, kind by kind; each placeholder stands for one original. */
class Vocabulary {
  private readonly forward = new Map<string, string>();
  private readonly backward = new Map<string, string>();
  private readonly counters = new Map<string, number>();
  private readonly byKind = new Map<string, string[]>();

  get(kind: string, original: string): string | undefined {
    return this.forward.get(`${kind}\0${original}`);
  }

  /** Binds original and placeholder, unless either is bound already. */
  bind(kind: string, original: string, placeholder: string): boolean {
    if (this.forward.has(`${kind}\0${original}`) || this.backward.has(`${kind}\0${placeholder}`)) return false;
    this.forward.set(`${kind}\0${original}`, placeholder);
    this.backward.set(`${kind}\0${placeholder}`, original);
    this.byKind.set(kind, [...(this.byKind.get(kind) ?? []), original]);
    return true;
  }

  isPlaceholder(kind: string, value: string): boolean {
    return this.backward.has(`${kind}\0${value}`);
  }

  /**
   * A known value, or one cut from or extended from a known value of the kind (a case sending one
   * character too few or too many): its placeholder, cut or extended the same way.
   */
  translate(kind: string, value: string, how: Derivation): string | undefined {
    const known = this.get(kind, value);
    if (known !== undefined) return known;
    for (const original of this.byKind.get(kind) ?? []) {
      const p = this.get(kind, original)!;
      if (value.length >= how.minCut && value.length < original.length && original.startsWith(value)) return p.slice(0, value.length);
      if (value.length > original.length && original.length >= how.minCut && value.startsWith(original)) {
        const tail = value.slice(original.length);
        return p + (how.shapeTail ? shapeOf(tail) : tail);
      }
    }
    return undefined;
  }

  /**
   * A request's token echoes one an answer gave, whatever the shape of the answer's member (an output
   * Marker's shape need not be the input Marker's): its own kind first, then any other token kind.
   */
  translateEcho(kind: string, value: string, how: Derivation): string | undefined {
    const own = this.translate(kind, value, how);
    if (own !== undefined) return own;
    for (const other of this.byKind.keys()) {
      if (other === kind || other === ENVELOPE || other.startsWith('id:')) continue;
      const t = this.translate(other, value, how);
      if (t !== undefined) return t;
    }
    return undefined;
  }

  /** The placeholder of a value: known, derived from a known one, or the next free one of its shape. */
  placeholder(kind: string, value: string, keep: number, how: Derivation): string {
    const derived = this.translate(kind, value, how);
    if (derived !== undefined && this.bind(kind, value, derived)) return derived;
    if (derived !== undefined && this.get(kind, value) === derived) return derived;
    for (let n = (this.counters.get(kind) ?? 0) + 1; ; n++) {
      const p = nthPlaceholder(value, keep, n);
      if (p === undefined) return value; // no free placeholder of this shape (a value of one or two characters)
      if (this.bind(kind, value, p)) {
        this.counters.set(kind, n);
        return p;
      }
    }
  }
}

/** A form body with its opaque fields (by the operation's input shape) and then every field's ids rewritten. */
function rewriteForm(model: VolatileModel, body: string, token: (kind: string, value: string) => string, ids: (value: string) => string): string {
  const fields = new URLSearchParams(body);
  const opaque = model.inputs.get(fields.get('Action') ?? '') ?? new Map<string, string>();
  const out = new URLSearchParams();
  for (const [k, v] of fields) {
    const kind = opaque.get(k);
    out.append(k, ids(kind === undefined ? v : token(kind, v)));
  }
  return out.toString();
}

/**
 * Normalises one recording, exchange by exchange in the order they happened: call `request` on each request
 * body and then `answer` on its answer. Opaque tokens are learnt from answers (a request's token that no
 * answer gave is the case's own and stays); with `ids`, every organization, root, OU and account id is replaced.
 */
export class Normalizer {
  private readonly vocabulary = new Vocabulary();
  private readonly model: VolatileModel;

  constructor(contract: Contract, private readonly options: { ids?: boolean } = {}) {
    this.model = volatileModel(contract);
  }

  /** A form-encoded request body, field by field. */
  request(body: string): string {
    return rewriteForm(this.model, body, (kind, v) => this.vocabulary.translateEcho(kind, v, TOKEN) ?? v, (v) => this.ids(v));
  }

  /** An XML answer: its opaque members, envelope values (and ids) learnt and replaced. */
  answer(body: string): string {
    const opaque = this.model.outputs.get(operationOf(body) ?? '') ?? new Map<string, string>();
    let out = replaceElements(body, opaque, (kind, v) => this.vocabulary.placeholder(kind, v, 0, TOKEN));
    out = replaceElements(out, new Map(this.model.envelope.map((e) => [e, ENVELOPE])), (kind, v) => this.vocabulary.placeholder(kind, v, 0, TOKEN));
    return this.ids(out);
  }

  /** Response headers: the volatile ones (request ids) get the placeholders of the same values in bodies. */
  headers(headers: Record<string, string>): Record<string, string> {
    return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, this.model.headers.includes(k.toLowerCase()) ? this.vocabulary.placeholder(ENVELOPE, v, 0, TOKEN) : v]));
  }

  /** A plain value (a run setting such as the entity path). */
  value(v: string): string {
    return this.ids(v);
  }

  private ids(text: string): string {
    if (!this.options.ids) return text;
    return replaceIds(this.model, text, (kind, id) => this.vocabulary.placeholder(`id:${kind.name}`, id, kind.prefix.length, idDerivation(kind)));
  }
}

/**
 * Differential mode: the live target's volatile values in the recording's words. The recording's tokens
 * (placeholders or a real target's) and the live target's are paired as the run meets them: the n-th JobId
 * of an answer with the n-th JobId of the recorded answer to the same request, and so on for every kind. A
 * value that pairs consistently compares equal; one that does not is reported as it is.
 */
export class Correspondence {
  private readonly live = new Vocabulary();
  private readonly model: VolatileModel;

  constructor(contract: Contract, private readonly options: { ids: boolean }) {
    this.model = volatileModel(contract);
  }

  /** The live request body with every value paired so far replaced by the recording's. */
  request(body: string): string {
    return rewriteForm(this.model, body, (kind, v) => this.live.translateEcho(kind, v, TOKEN) ?? v, (v) => this.ids(v));
  }

  /** Pairs the ids of a live request with those of the recorded request it was matched with (by shape). */
  pairRequests(liveBody: string, recordedBody: string): void {
    if (!this.options.ids) return;
    const recorded = new URLSearchParams(recordedBody);
    for (const [k, v] of new URLSearchParams(liveBody)) this.pairAll(idValues(this.model, v), idValues(this.model, recorded.get(k) ?? ''), 'id:');
  }

  /** Pairs the volatile values of two answers to the same request; the live answer in the recording's words. */
  answer(liveXml: string, recordedXml: string): string {
    const opaque = this.model.outputs.get(operationOf(liveXml) ?? '') ?? new Map<string, string>();
    this.pairAll(elementValues(liveXml, opaque), elementValues(recordedXml, opaque), '');
    if (this.options.ids) this.pairAll(idValues(this.model, liveXml), idValues(this.model, recordedXml), 'id:');
    const out = replaceElements(liveXml, opaque, (kind, v) => this.live.translate(kind, v, TOKEN) ?? v);
    return this.ids(out);
  }

  private pairAll(live: Map<string, string[]>, recorded: Map<string, string[]>, prefix: string): void {
    for (const [kind, values] of live) {
      const theirs = recorded.get(kind) ?? [];
      values.forEach((v, i) => {
        if (i < theirs.length && this.live.get(prefix + kind, v) === undefined) this.live.bind(prefix + kind, v, theirs[i]);
      });
    }
  }

  private ids(text: string): string {
    if (!this.options.ids) return text;
    return replaceIds(this.model, text, (kind, id) => this.live.translate(`id:${kind.name}`, id, idDerivation(kind)) ?? id);
  }
}
