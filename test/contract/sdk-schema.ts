// Compares the contract (specs/*.yaml) with the model that @aws-sdk/client-iam was generated from, so an
// SDK upgrade that changes the model fails a test instead of silently drifting away from the contract.
//
// The SDK ships its model as @smithy/core static schema arrays, exported from the package root as `<Shape>$`:
//   structure [3, ns, name, traits, memberNames[], memberSchemas[], requiredCount?]  (required members first)
//   error     [-3, ns, name, {awsQueryError: [code, status], error: 'client'|'server', httpError}, names[], schemas[]]
//   operation [9, ns, name, traits, () => Input$, () => Output$]     list [1, ns, name, traits, memberSchema]
//   simple    a number: 0 string, 1 numeric, 2 boolean, 4-7 timestamp; 64|x is a list of x, 128|x a map of x
// A member schema may also be a thunk, a [schema, memberTraits] pair, or [0, ns, name, traits, simple].
// Enum values are not in the schemas (an enum member is just 0). They are exported as objects
// (`SortKeyType`), and only the TypeScript declarations say which member uses which: we read those.
// Nor do the schemas say which errors an operation returns; only the command's doc comments do (`@throws`).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import * as iam from '@aws-sdk/client-iam';
import type { Contract, Shape } from '../../src/contract';

/** What the comparison needs from the SDK; tests pass a doctored copy to simulate an SDK upgrade. */
export interface SdkModel {
  /** The package's exports: `<Shape>$` schemas and enum objects. */
  exports: Record<string, unknown>;
  /** Name of the enum export a structure member is typed with, from the .d.ts files (undefined: not an enum). */
  enumOf(structure: string, member: string): string | undefined;
  /** The modelled errors an operation's command documents (undefined: no such command). */
  errorsOf(operation: string): string[] | undefined;
}

let installed: SdkModel | undefined;

/** The installed @aws-sdk/client-iam (its declarations are parsed once per process). */
export function installedSdk(): SdkModel {
  if (installed) return installed;
  const exports = iam as unknown as Record<string, unknown>;
  const links = readEnumLinks(exports);
  return (installed = { exports, enumOf: (structure, member) => links.get(structure)?.get(member), errorsOf: (op) => readThrows(exports, op) });
}

const typesDir = () => path.join(path.dirname(require.resolve('@aws-sdk/client-iam')), '..', 'dist-types');

/** `@throws {@link NoSuchEntityException} (client fault)` lines of a command's declaration, minus the
 * service's base exception (a synthetic shape every command lists). */
function readThrows(exports: Record<string, unknown>, op: string): string[] | undefined {
  let text: string;
  try {
    text = readFileSync(path.join(typesDir(), 'commands', `${op}Command.d.ts`), 'utf8');
  } catch {
    return undefined;
  }
  const names = [...text.matchAll(/@throws \{@link (\w+)\}/g)].map((m) => m[1]);
  return names.filter((n) => !String((exports[`${n}$`] as unknown[] | undefined)?.[1]).startsWith('smithy.ts.sdk.synthetic'));
}

/** interface name -> member name -> enum export, from dist-types/models/*.d.ts (parsed, not regex-matched). */
function readEnumLinks(exports: Record<string, unknown>): Map<string, Map<string, string>> {
  const dir = path.join(typesDir(), 'models');
  const links = new Map<string, Map<string, string>>();
  for (const file of readdirSync(dir).filter((f) => /^models_\d+\.d\.ts$/.test(f))) {
    const source = ts.createSourceFile(file, readFileSync(path.join(dir, file), 'utf8'), ts.ScriptTarget.Latest);
    for (const stmt of source.statements) {
      if (!ts.isInterfaceDeclaration(stmt)) continue;
      const members = new Map<string, string>();
      for (const m of stmt.members) {
        if (!ts.isPropertySignature(m) || !m.type || !ts.isIdentifier(m.name)) continue;
        // `SortKey?: SortKeyType | undefined`: a direct type reference to an exported enum object.
        const refs = ts.isUnionTypeNode(m.type) ? m.type.types : [m.type];
        for (const r of refs) {
          if (ts.isTypeReferenceNode(r) && ts.isIdentifier(r.typeName) && isEnumObject(exports[r.typeName.text])) members.set(m.name.text, r.typeName.text);
        }
      }
      links.set(stmt.name.text, members);
    }
  }
  // An SDK that moved its declarations would otherwise look like "no member is an enum".
  if (links.size === 0) throw new Error(`no interfaces found in ${dir}: the SDK layout changed`);
  return links;
}

const isEnumObject = (v: unknown): v is Record<string, string> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string');

const deref = (ref: unknown): unknown => (typeof ref === 'function' ? (ref as () => unknown)() : ref);

/** Strips thunks, member-trait pairs and simple-shape wrappers: what is left is a number or a named schema. */
function unwrap(ref: unknown): unknown {
  let s = deref(ref);
  for (;;) {
    if (Array.isArray(s) && s.length === 2) s = deref(s[0]);
    else if (Array.isArray(s) && s[0] === 0 && s.length >= 5) s = deref(s[4]);
    else return s;
  }
}

/** 'string' | 'number' | 'boolean' | 'timestamp' | 'list' | 'structure', or a description of something else. */
type Kind = string;
interface SdkShape { kind: Kind; name?: string; member?: unknown; schema?: unknown[]; timestampFormat?: string }

// Sentinels 5-7 name their format; 4 means "the protocol's default", which for awsQuery is date-time.
const TIMESTAMP_FORMATS: Record<number, string> = { 5: 'date-time', 6: 'http-date', 7: 'epoch-seconds' };
const PROTOCOL_DEFAULT_TIMESTAMP: Record<string, string> = { awsQuery: 'date-time' };

function describe(ref: unknown, protocol: string): SdkShape {
  const s = unwrap(ref);
  if (typeof s === 'number') {
    if (s >= 64 && s < 128) return { kind: 'list', member: s & 63 };
    if (s >= 128) return { kind: 'map' };
    if (s >= 4 && s <= 7) return { kind: 'timestamp', timestampFormat: TIMESTAMP_FORMATS[s] ?? PROTOCOL_DEFAULT_TIMESTAMP[protocol] };
    return { kind: ({ 0: 'string', 1: 'number', 2: 'boolean' } as Record<number, Kind>)[s] ?? `simple schema ${s}` };
  }
  if (!Array.isArray(s)) return { kind: `unreadable schema ${JSON.stringify(s)}` };
  if (s[0] === 1) return { kind: 'list', name: s[2], member: s[4] };
  if (s[0] === 3 || s[0] === -3) return { kind: 'structure', name: s[2], schema: s };
  return { kind: `schema kind ${s[0]}`, name: s[2] };
}

/** The contract's kind in the SDK's vocabulary: the SDK has one numeric kind for integer, long, float, double. */
const contractKind = (shape: Shape): Kind => (shape.type === 'integer' ? 'number' : shape.type);

/** Every disagreement between the contract and the SDK model, one readable line each; empty when they agree. */
export function compareWithSdk(contract: Contract, sdk: SdkModel = installedSdk()): string[] {
  const out: string[] = [];
  const protocol = contract.service.protocol;
  const compared = new Set<string>(); // "contractShape=sdkShape" pairs already walked (shared and recursive shapes)

  /** Compares the contract shape `name` with the SDK schema `ref`, found at `where`. */
  const compareShape = (where: string, name: string, ref: unknown): void => {
    const mine = contract.shapes[name];
    if (!mine) return void out.push(`${where}: the contract's shape ${name} is not defined`);
    const theirs = describe(ref, protocol);
    if (contractKind(mine) !== theirs.kind) return void out.push(`${where}: ${contractKind(mine)} in the contract, ${theirs.kind} in the SDK`);
    // Structures and lists carry model names; scalars are anonymous in the SDK (jobIDType is just 0).
    if (theirs.name && theirs.name !== name) out.push(`${where}: shape ${name} in the contract, ${theirs.name} in the SDK`);
    if (mine.type === 'timestamp' && mine.format && theirs.timestampFormat && mine.format !== theirs.timestampFormat) {
      out.push(`${where}: timestamp format ${mine.format} in the contract, ${theirs.timestampFormat} in the SDK`);
    }
    if (mine.type === 'list') compareShape(`${where}[]`, mine.member, theirs.member);
    if (mine.type === 'structure' && theirs.schema) compareStructure(name, theirs.schema);
  };

  const compareStructure = (name: string, schema: unknown[]): void => {
    const [, , sdkName, , names, schemas, requiredCount] = schema as [number, string, string, unknown, string[], unknown[], number?];
    if (compared.has(`${name}=${sdkName}`)) return;
    compared.add(`${name}=${sdkName}`);
    const mine = contract.shape(name) as Extract<Shape, { type: 'structure' }>;
    for (const member of names) if (!(member in mine.members)) out.push(`${name}.${member}: in the SDK, not in the contract`);
    for (const [member, ref] of Object.entries(mine.members)) {
      const i = names.indexOf(member);
      if (i < 0) {
        out.push(`${name}.${member}: in the contract, not in the SDK`);
        continue;
      }
      // The generator puts required members first and counts them in element 6.
      const required = i < (requiredCount ?? 0);
      if (Boolean(ref.required) !== required) out.push(`${name}.${member}: ${ref.required ? 'required' : 'optional'} in the contract, ${required ? 'required' : 'optional'} in the SDK`);
      compareShape(`${name}.${member}`, ref.shape, schemas[i]);
      compareEnum(`${name}.${member}`, ref.shape, sdk.enumOf(sdkName, member));
    }
  };

  const compareEnum = (where: string, shapeName: string, enumExport: string | undefined): void => {
    const shape = contract.shapes[shapeName];
    const mine = shape && 'enum' in shape ? shape.enum : undefined;
    if (!mine && !enumExport) return;
    if (!mine) return void out.push(`${where}: enum ${enumExport} in the SDK, no enum in the contract (${shapeName})`);
    if (!enumExport) return void out.push(`${where}: enum in the contract (${shapeName}), plain string in the SDK`);
    const theirs = Object.values(sdk.exports[enumExport] as Record<string, string>);
    const onlyMine = mine.filter((v) => !theirs.includes(v));
    const onlyTheirs = theirs.filter((v) => !mine.includes(v));
    if (onlyMine.length) out.push(`${where}: enum value(s) ${onlyMine.join(', ')} in the contract (${shapeName}), not in the SDK (${enumExport})`);
    if (onlyTheirs.length) out.push(`${where}: enum value(s) ${onlyTheirs.join(', ')} in the SDK (${enumExport}), not in the contract (${shapeName})`);
  };

  // The SDK's schemas do not list an operation's errors, so each error the contract names is looked up by shape.
  const compareError = (opName: string, name: string): void => {
    const mine = contract.shapes[name];
    const theirs = sdk.exports[`${name}$`];
    if (!Array.isArray(theirs) || theirs[0] !== -3) return void out.push(`${opName} error ${name}: not an error schema in the SDK`);
    if (mine?.type !== 'structure' || !mine.error) return void out.push(`${opName} error ${name}: no error trait in the contract`);
    const traits = (theirs[3] ?? {}) as { awsQueryError?: [string, number]; error?: string };
    const [code, status] = traits.awsQueryError ?? [];
    const type = traits.error === 'client' ? 'Sender' : traits.error === 'server' ? 'Receiver' : `fault "${traits.error}"`;
    if (code !== mine.error.code) out.push(`${name}: code ${mine.error.code} in the contract, ${code} in the SDK`);
    if (status !== mine.error.httpStatus) out.push(`${name}: HTTP ${mine.error.httpStatus} in the contract, ${status} in the SDK`);
    if (type !== mine.error.type) out.push(`${name}: ${mine.error.type} in the contract, ${type} in the SDK`);
    compareShape(`${opName} error ${name}`, name, theirs);
  };

  for (const op of Object.values(contract.operations)) {
    const schema = sdk.exports[`${op.name}$`];
    if (!Array.isArray(schema) || schema[0] !== 9) {
      out.push(`${op.name}: not an operation in the SDK`);
      continue;
    }
    compareShape(`${op.name} input`, op.input, schema[4]);
    compareShape(`${op.name} output`, op.output, schema[5]);
    for (const e of op.errors) compareError(op.name, e);
    const documented = sdk.errorsOf(op.name) ?? [];
    for (const e of documented) if (!op.errors.includes(e)) out.push(`${op.name}: error ${e} in the SDK, not in the contract`);
    for (const e of op.errors) if (!documented.includes(e)) out.push(`${op.name}: error ${e} in the contract, not in the SDK`);
  }
  return out;
}
