// Reads the schemas @aws-sdk/client-iam ships (the `<Shape>$` arrays of @smithy/core's static schema
// format) and lists where the contract in specs/ disagrees: member names, required flags, scalar kinds,
// enum values and modelled errors. An SDK upgrade that changes the model shows up here.
import * as iam from '@aws-sdk/client-iam';
import type { Contract } from '../../src/contract';

type Kind = 'string' | 'integer' | 'boolean' | 'timestamp' | 'list' | 'structure' | 'other';

const deref = (s: unknown): any => (typeof s === 'function' ? (s as () => unknown)() : s);

/** The kind of an SDK member schema: simple numbers are sentinels (0 string, 1 number, 2 boolean, 4-7 timestamps). */
function sdkKind(schema: unknown): Kind {
  const s = deref(schema);
  if (typeof s === 'number') {
    if (s & 64) return 'list';
    return ({ 0: 'string', 1: 'integer', 2: 'boolean', 4: 'timestamp', 5: 'timestamp', 6: 'timestamp', 7: 'timestamp' } as Record<number, Kind>)[s] ?? 'other';
  }
  if (Array.isArray(s) && s.length === 2 && !Array.isArray(s[0]) && typeof s[1] !== 'string') return sdkKind(s[0]); // [schema, traits]
  if (Array.isArray(s)) return s[0] === 1 ? 'list' : s[0] === 3 ? 'structure' : 'other';
  return 'other';
}

function contractKind(contract: Contract, shapeName: string): Kind {
  return contract.shape(shapeName).type;
}

/** Every difference between the contract and the SDK, as readable lines. */
export function compareWithSdk(contract: Contract): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const sdk = iam as unknown as Record<string, unknown>;

  const compareStructure = (shapeName: string, sdkSchema: any) => {
    if (seen.has(shapeName)) return;
    seen.add(shapeName);
    const shape = contract.shape(shapeName);
    if (shape.type !== 'structure') return void out.push(`${shapeName}: structure in the SDK, ${shape.type} in the contract`);
    const [, , , , names, schemas, requiredCount = 0] = sdkSchema as [number, string, string, unknown, string[], unknown[], number?];
    const sdkMembers = new Map(names.map((n, i) => [n, { schema: schemas[i], required: i < requiredCount }]));
    for (const n of names) if (!(n in shape.members)) out.push(`${shapeName}.${n}: in the SDK, not in the contract`);
    for (const [member, ref] of Object.entries(shape.members)) {
      const theirs = sdkMembers.get(member);
      if (!theirs) {
        out.push(`${shapeName}.${member}: in the contract, not in the SDK`);
        continue;
      }
      if (Boolean(ref.required) !== theirs.required) out.push(`${shapeName}.${member}: required ${Boolean(ref.required)} in the contract, ${theirs.required} in the SDK`);
      const mine = contractKind(contract, ref.shape);
      const kind = sdkKind(theirs.schema);
      if (mine !== kind) out.push(`${shapeName}.${member}: ${mine} in the contract, ${kind} in the SDK`);
      compareNested(ref.shape, theirs.schema);
      compareEnum(ref.shape, `${shapeName}.${member}`);
    }
  };

  const compareNested = (shapeName: string, sdkSchema: unknown) => {
    const shape = contract.shape(shapeName);
    const s = deref(sdkSchema);
    if (shape.type === 'structure' && Array.isArray(s) && s[0] === 3) compareStructure(shapeName, s);
    if (shape.type === 'list' && Array.isArray(s) && s[0] === 1) {
      const memberKind = sdkKind(s[4]);
      if (contractKind(contract, shape.member) !== memberKind) out.push(`${shapeName}[]: ${contractKind(contract, shape.member)} in the contract, ${memberKind} in the SDK`);
      compareNested(shape.member, s[4]);
    }
  };

  // Enums live apart from the schemas, exported as objects named after the shape (sortKeyType -> SortKeyType).
  const compareEnum = (shapeName: string, where: string) => {
    const shape = contract.shape(shapeName);
    if (!('enum' in shape) || !shape.enum) return;
    const exported = sdk[shapeName.charAt(0).toUpperCase() + shapeName.slice(1)] as Record<string, string> | undefined;
    if (!exported) return void out.push(`${where}: enum ${shapeName} has no SDK export`);
    const theirs = Object.values(exported).sort();
    const mine = [...shape.enum].sort();
    if (JSON.stringify(theirs) !== JSON.stringify(mine)) out.push(`${where}: enum ${shapeName} is [${mine.join(', ')}] in the contract, [${theirs.join(', ')}] in the SDK`);
  };

  for (const op of Object.values(contract.operations)) {
    const opSchema = sdk[`${op.name}$`] as unknown[] | undefined;
    if (!opSchema) {
      out.push(`${op.name}: the SDK has no such operation`);
      continue;
    }
    const [input, output] = [deref(opSchema[4]), deref(opSchema[5])];
    if (input[2] !== op.input) out.push(`${op.name}: input shape ${op.input} in the contract, ${input[2]} in the SDK`);
    if (output[2] !== op.output) out.push(`${op.name}: output shape ${op.output} in the contract, ${output[2]} in the SDK`);
    compareStructure(op.input, input);
    compareStructure(op.output, output);
    for (const errorName of op.errors) {
      const shape = contract.shape(errorName);
      const theirs = sdk[`${errorName}$`] as [number, string, string, { awsQueryError?: [string, number]; error?: string }] | undefined;
      if (!theirs || shape.type !== 'structure' || !shape.error) {
        out.push(`${op.name} error ${errorName}: ${theirs ? 'no error trait in the contract' : 'the SDK has no such error'}`);
        continue;
      }
      const [code, status] = theirs[3].awsQueryError ?? [];
      const type = theirs[3].error === 'client' ? 'Sender' : 'Receiver';
      if (code !== shape.error.code) out.push(`${errorName}: code ${shape.error.code} in the contract, ${code} in the SDK`);
      if (status !== shape.error.httpStatus) out.push(`${errorName}: HTTP ${shape.error.httpStatus} in the contract, ${status} in the SDK`);
      if (type !== shape.error.type) out.push(`${errorName}: ${shape.error.type} in the contract, ${type} in the SDK`);
    }
  }
  return out;
}
