// Compares the constraints of the contract (lengths, ranges, patterns, enums, required members) with
// botocore's IAM model (data/iam/2010-05-08/service-2.json[.gz], installed with the AWS CLI). The JS SDK's
// schemas do not ship these constraints (see sdk-crosscheck.test.ts), so botocore is where they are checked.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Contract, Shape } from '../../src/contract';

export interface BotocoreShape {
  type: string;
  min?: number;
  max?: number;
  pattern?: string;
  enum?: string[];
  required?: string[];
  members?: Record<string, { shape: string }>;
  member?: { shape: string };
}
export interface BotocoreModel {
  version: string;
  operations: Record<string, { input?: { shape: string }; output?: { shape: string } }>;
  shapes: Record<string, BotocoreShape>;
}

let installed: BotocoreModel | undefined;

/** botocore's IAM model, from the python3 that the AWS CLI uses. */
export function installedBotocore(): BotocoreModel {
  if (installed) return installed;
  const out = execFileSync('python3', ['-c', 'import botocore, os; print(botocore.__version__); print(os.path.dirname(botocore.__file__))'], { encoding: 'utf8' }).trim().split('\n');
  const [version, dir] = out;
  const base = path.join(dir, 'data', 'iam', '2010-05-08', 'service-2.json');
  const text = existsSync(base) ? readFileSync(base, 'utf8') : gunzipSync(readFileSync(`${base}.gz`)).toString('utf8');
  const model = JSON.parse(text);
  return (installed = { version, operations: model.operations, shapes: model.shapes });
}

const span = (min?: number, max?: number) => (min === undefined && max === undefined ? 'none' : `${min ?? '-'}..${max ?? '-'}`);

/** Every disagreement in constraints between the contract and botocore, one readable line each. */
export function compareWithBotocore(contract: Contract, boto: BotocoreModel): string[] {
  const out: string[] = [];
  const seen = new Set<string>();

  const compareScalar = (where: string, name: string, mine: Shape, theirs: BotocoreShape): void => {
    if (mine.type === 'string') {
      const [a, b] = [span(mine.length?.[0], mine.length?.[1]), span(theirs.min, theirs.max)];
      if (a !== b) out.push(`${where}: length ${a} in the contract (${name}), ${b} in botocore`);
      if ((mine.pattern ?? '') !== (theirs.pattern ?? '')) out.push(`${where}: pattern ${mine.pattern ?? 'none'} in the contract (${name}), ${theirs.pattern ?? 'none'} in botocore`);
      const [e1, e2] = [(mine.enum ?? []).join(','), (theirs.enum ?? []).join(',')];
      if (e1 !== e2) out.push(`${where}: enum [${e1}] in the contract (${name}), [${e2}] in botocore`);
    } else if (mine.type === 'integer') {
      const [a, b] = [span(mine.range?.[0], mine.range?.[1]), span(theirs.min, theirs.max)];
      if (a !== b) out.push(`${where}: range ${a} in the contract (${name}), ${b} in botocore`);
    }
  };

  const compare = (where: string, name: string, theirName: string): void => {
    const mine = contract.shapes[name];
    const theirs = boto.shapes[theirName];
    if (!theirs) return void out.push(`${where}: shape ${theirName} is not in botocore`);
    if (mine.type === 'structure') {
      // Structures are walked once (shared and recursive ones); scalars are compared at every member using them.
      if (seen.has(`${name}=${theirName}`)) return;
      seen.add(`${name}=${theirName}`);
      for (const m of Object.keys(theirs.members ?? {})) if (!(m in mine.members)) out.push(`${name}.${m}: in botocore, not in the contract`);
      for (const [m, ref] of Object.entries(mine.members)) {
        const t = theirs.members?.[m];
        if (!t) {
          out.push(`${name}.${m}: in the contract, not in botocore`);
          continue;
        }
        const required = (theirs.required ?? []).includes(m);
        if (Boolean(ref.required) !== required) out.push(`${name}.${m}: ${ref.required ? 'required' : 'optional'} in the contract, ${required ? 'required' : 'optional'} in botocore`);
        compare(`${name}.${m}`, ref.shape, t.shape);
      }
    } else if (mine.type === 'list') {
      if (theirs.member) compare(`${where}[]`, mine.member, theirs.member.shape);
    } else compareScalar(where, name, mine, theirs);
  };

  for (const op of Object.values(contract.operations)) {
    const theirs = boto.operations[op.name];
    if (!theirs) {
      out.push(`${op.name}: not an operation in botocore`);
      continue;
    }
    if (theirs.input) compare(`${op.name} input`, op.input, theirs.input.shape);
    if (theirs.output) compare(`${op.name} output`, op.output, theirs.output.shape);
  }
  return out;
}
