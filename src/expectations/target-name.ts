// Whether an expectations file's `target:` line is for the target a run names (--target-name). The line
// must begin with the name, up to a word's end: "moto 5.2.1" names "moto 5.2.1 server (...)", while "moto"
// does not name "LocalStack 4.14 (IAM backed by moto)" and "moto 5.2" does not name moto 5.2.1.

const norm = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').trim();

/** undefined when the name is for that target line; otherwise why not, in words. */
export function targetNameMismatch(targetLine: string, name: string): string | undefined {
  const n = norm(name);
  if (n === '') return 'the --target-name is empty';
  const t = norm(targetLine);
  if (!t.startsWith(n)) return 'it does not begin with that name';
  const next = t.slice(n.length);
  if (next !== '' && !/^[\s(,;:/-]/.test(next)) return `the name ends inside a word or version ("${targetLine.slice(0, n.length + 8).trim()}…")`;
  return undefined;
}
