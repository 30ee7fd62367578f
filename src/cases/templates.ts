// ${...} in request parameters: values saved by earlier steps (${JobId}), fixture outputs (${report.JobId}),
// run inputs (${input.EntityPath}, declared under inputs: and set with --input), run settings (${run.maxPages}),
// and repeat("x", n) for long literal strings. A parameter that is exactly one ${...} keeps the value's type.
// ${name|size:N:c} is the variable's text cut or padded (with c) to N characters: generated inputs use it.
export type Vars = Record<string, unknown>;

const WHOLE = /^\$\{([^}]+)\}$/;
const ANY = /\$\{([^}]+)\}/g;
const REPEAT = /^repeat\(\s*("(?:[^"\\]|\\.)*")\s*,\s*(\d+)\s*\)$/;

export class MissingVariable extends Error {
  constructor(readonly variable: string) {
    super(`variable \${${variable}} is not set`);
  }
}

const SIZE = /^(.+)\|size:(\d+):(.)$/;

function evaluate(expr: string, vars: Vars): unknown {
  const sized = SIZE.exec(expr.trim());
  if (sized) {
    const text = String(evaluate(sized[1], vars));
    const n = Number(sized[2]);
    return text.length >= n ? text.slice(0, n) : text + sized[3].repeat(n - text.length);
  }
  const e = expr.trim();
  const rep = REPEAT.exec(e);
  if (rep) return (JSON.parse(rep[1]) as string).repeat(Number(rep[2]));
  // Own names only: `${toString}` is no variable.
  if (!Object.hasOwn(vars, e)) throw new MissingVariable(e);
  return vars[e];
}

export function render(value: unknown, vars: Vars): unknown {
  if (typeof value === 'string') {
    const whole = WHOLE.exec(value);
    if (whole) return evaluate(whole[1], vars);
    return value.replace(ANY, (_, expr) => String(evaluate(expr, vars)));
  }
  if (Array.isArray(value)) return value.map((v) => render(v, vars));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, render(v, vars)]));
  }
  return value;
}

/** Names of the fixtures a value refers to through ${fixture.var}. */
export function referencedFixtures(value: unknown, fixtureNames: string[]): string[] {
  const text = JSON.stringify(value);
  return fixtureNames.filter((f) => text.includes(`\${${f}.`));
}

/** One ${...} of a value: the variable it names (undefined for repeat(...)), and whether it is the whole value. */
export interface Reference {
  expression: string;
  variable?: string;
  whole: boolean;
}

/** The ${...} references of a string (empty for plain text). */
export function referencesIn(value: string): Reference[] {
  const whole = WHOLE.test(value);
  return [...value.matchAll(ANY)].map((m) => {
    const e = m[1].trim();
    const sized = SIZE.exec(e);
    const base = (sized ? sized[1] : e).trim();
    return { expression: e, variable: REPEAT.test(base) ? undefined : base, whole };
  });
}
