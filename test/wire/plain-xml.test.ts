// The one-pass reader of plain XML must give exactly the full reader's tree, and only for documents the full
// reader accepts: on every recorded answer, on edge cases each side of its limits, and on random
// corruptions of real answers. Where it declines, parseXml still answers through the full reader.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { readPlainXml } from '../../src/wire/plain-xml';
import { parseXml, parseXmlFully } from '../../src/wire/xml';

const RECORDINGS = path.join(__dirname, '..', '..', 'recordings');
const recordedBodies: string[] = readdirSync(RECORDINGS).flatMap((dir) =>
  (JSON.parse(readFileSync(path.join(RECORDINGS, dir, 'fixtures.json'), 'utf8')) as { response?: unknown }[])
    .map((f) => (typeof f.response === 'string' ? f.response : JSON.stringify(f.response ?? ''))));

/** The fast path either declines or agrees with the full reader, which must then accept the document. */
function expectAgreement(text: string): 'plain' | 'declined' {
  const plain = readPlainXml(text);
  if (plain === undefined) return 'declined';
  const full = parseXmlFully(text);
  expect({ text, full }).toEqual({ text, full: { root: plain } });
  return 'plain';
}

describe('readPlainXml', () => {
  it('reads every recorded answer itself, with the full reader\'s tree', () => {
    expect(recordedBodies.length).toBeGreaterThan(100);
    for (const body of recordedBodies) expect(expectAgreement(body)).toBe('plain');
  });

  const plainCases: [string, string][] = [
    ['declaration, namespace, nested text and empty elements', '<?xml version="1.0" encoding="UTF-8"?>\n<R xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><A>x</A><B/><C a=\'1\' b="2" /></R>'],
    ['mixed text around children, white space kept', '<R>\n  a <X>1</X> b\t<Y></Y>\n</R>\n'],
    ['prefixed names and attributes, ">" in text and attribute values', '<p:R xmlns:p="u"><p:S k="a>b">1 > 0</p:S></p:R>'],
    ['white space in tags', '<R  a = "1"\n  b="2"   ><S\n/></R>'],
    ['declaration with standalone', '<?xml version=\'1.0\' standalone="yes" ?><R/>'],
    ['an HTML page that is well-formed', '<html><body>Bad gateway</body></html>\n'],
    ['nesting of 60', `${'<a>'.repeat(60)}x${'</a>'.repeat(60)}`],
  ];
  it.each(plainCases)('reads %s', (_what, text) => {
    expect(expectAgreement(text)).toBe('plain');
  });

  const declined: [string, string][] = [
    ['entities', '<R>a &amp; b</R>'],
    ['character references', '<R>&#65;</R>'],
    ['comments', '<R><!-- c --></R>'],
    ['CDATA', '<R><![CDATA[<x>]]></R>'],
    ['a DOCTYPE', '<!DOCTYPE R [<!ENTITY e "x">]><R>&e;</R>'],
    ['a processing instruction', '<R><?pi x?></R>'],
    ['carriage returns', '<R>a\r\nb</R>'],
    ['mismatched tags', '<R><A></B></R>'],
    ['an unclosed element', '<R><A>'],
    ['two roots', '<A/><B/>'],
    ['text outside the root', '<R/>x'],
    ['no element', 'just text'],
    ['an empty body', ''],
    ['an attribute without a value', '<R a/>'],
    ['an unquoted attribute', '<R a=1/>'],
    ['a repeated attribute', '<R a="1" a="2"/>'],
    ['an attribute named after an Object member', '<R constructor="1"/>'],
    ['attributes without white space between them', '<R a="1"b="2"/>'],
    ['a bad declaration', '<?xml encoding="UTF-8"?><R/>'],
    ['a declaration not at the start', ' <?xml version="1.0"?><R/>'],
    ['a no-break space outside the root (white space to JavaScript, not to XML)', '<R/>\u00a0'],
    ['a no-break space between attributes', '<R a="1"\u00a0b="2"/>'],
    ['a byte order mark', '\ufeff<R/>'],
    ['nesting deeper than 64', `${'<a>'.repeat(65)}${'</a>'.repeat(65)}`],
  ];
  it.each(declined)('leaves %s to the full reader', (_what, text) => {
    expect(readPlainXml(text)).toBeUndefined();
    expect(parseXml(text)).toEqual(parseXmlFully(text));
  });

  it('agrees with the full reader on random corruptions of recorded answers', () => {
    let seed = 14;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const alphabet = ['<', '>', '/', '"', "'", '=', ' ', '\n', '\t', 'a', ':', '?', '!', '-', '&', '\u00a0', '\u2028', '\ufeff', '<b/>', ''];
    const counts = { plain: 0, declined: 0 };
    for (let i = 0; i < 1500; i++) {
      let text = recordedBodies[random(recordedBodies.length)];
      for (let edits = 1 + random(3); edits > 0; edits--) {
        const at = random(text.length + 1);
        const cut = random(3);
        text = text.slice(0, at) + alphabet[random(alphabet.length)] + text.slice(at + cut);
      }
      counts[expectAgreement(text)]++;
    }
    // Both sides are exercised: many corruptions still read plainly, many are declined.
    expect(counts.plain).toBeGreaterThan(150);
    expect(counts.declined).toBeGreaterThan(150);
  });
});
