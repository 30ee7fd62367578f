// Consistent placeholders for the values that differ from run to run and from account to account.
// JobIds and markers are always replaced (in order of first appearance: the first JobId seen becomes
// ...0001 everywhere); organization, root, OU and account ids only on request. Both sides of a replay or
// a comparison use the same placeholders, so requests still match and responses compare field by field.
const JOB_ID_IN_XML = /<JobId>([^<]{36})<\/JobId>/g;
const MARKER_IN_XML = /<Marker>([^<]+)<\/Marker>/g;

const unescapeXml = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

interface IdKind {
  pattern: RegExp;
  make: (n: number) => string;
}

// Placeholders keep each id's shape, so normalised answers still satisfy the contract's patterns. The
// patterns take ids of any length (a case may send one too long or too short on purpose): no part may leak.
const ID_KINDS: IdKind[] = [
  { pattern: /\bou-[0-9a-z]+-[0-9a-z]+/g, make: (n) => `ou-0000-${String(n).padStart(8, '0')}` },
  { pattern: /\bo-[0-9a-z]+/g, make: (n) => `o-${String(n).padStart(10, '0')}` },
  { pattern: /\br-[0-9a-z]+/g, make: (n) => `r-${String(n).padStart(4, '0')}` },
  // Account ids inside entity paths and ARNs only: other 12-digit runs are left alone.
  { pattern: /(?<=[/:])\d{12}\b/g, make: (n) => String(n).padStart(12, '0') },
];

/**
 * Ids replaced by one token per kind. A run replaying (or comparing with) an id-normalised recording sends
 * the ids its case files and settings hold, so requests are matched with ids wildcarded on both sides.
 */
export function wildcardIds(text: string): string {
  return ID_KINDS.reduce((out, kind, i) => out.replace(kind.pattern, `<id-${i}>`), text);
}

export class Normalizer {
  private readonly jobIds = new Map<string, string>();
  private readonly markers = new Map<string, string>();
  private readonly ids = new Map<string, string>();
  private readonly placeholders = new Set<string>();
  private readonly counters = new Map<IdKind, number>();

  constructor(private readonly options: { ids?: boolean } = {}) {}

  /** Learns JobIds and markers from an answer (call on every response body, in order). */
  learn(responseBody: string): void {
    for (const [, id] of responseBody.matchAll(JOB_ID_IN_XML)) {
      if (!this.jobIds.has(id)) this.jobIds.set(id, `00000000-0000-4000-8000-${String(this.jobIds.size + 1).padStart(12, '0')}`);
    }
    for (const [, escaped] of responseBody.matchAll(MARKER_IN_XML)) {
      const m = unescapeXml(escaped);
      if (!this.markers.has(m)) this.markers.set(m, `marker-${String(this.markers.size + 1).padStart(4, '0')}`);
    }
  }

  /** A plain value (a form field, a setting) with every known placeholder applied. */
  value(v: string): string {
    if (this.jobIds.has(v)) return this.jobIds.get(v)!;
    if (this.markers.has(v)) return this.markers.get(v)!;
    // A value cut from a JobId (a case sending one character too few) is cut from its placeholder.
    for (const [id, placeholder] of this.jobIds) if (v.length >= 8 && v.length < id.length && id.startsWith(v)) return placeholder.slice(0, v.length);
    let out = v;
    for (const [id, placeholder] of this.jobIds) out = out.split(id).join(placeholder);
    return this.options.ids ? this.replaceIds(out) : out;
  }

  /** A form-encoded request body, field by field. */
  form(body: string): string {
    const fields = new URLSearchParams(body);
    const out = new URLSearchParams();
    for (const [k, v] of fields) out.append(k, this.value(v));
    return out.toString();
  }

  /** An XML response body. */
  xml(body: string): string {
    let out = body.replace(JOB_ID_IN_XML, (m, id) => (this.jobIds.has(id) ? `<JobId>${this.jobIds.get(id)}</JobId>` : m));
    out = out.replace(MARKER_IN_XML, (m, escaped) => {
      const p = this.markers.get(unescapeXml(escaped));
      return p ? `<Marker>${escapeXml(p)}</Marker>` : m;
    });
    return this.options.ids ? this.replaceIds(out) : out;
  }

  private replaceIds(text: string): string {
    let out = text;
    for (const kind of ID_KINDS) {
      out = out.replace(kind.pattern, (id) => {
        if (this.placeholders.has(id)) return id; // already normalised
        if (!this.ids.has(id)) {
          const n = (this.counters.get(kind) ?? 0) + 1;
          this.counters.set(kind, n);
          this.ids.set(id, kind.make(n));
          this.placeholders.add(kind.make(n));
        }
        return this.ids.get(id)!;
      });
    }
    return out;
  }
}
