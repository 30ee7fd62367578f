// The registry of named checks. Cases refer to checks by name; the case-file schema and the checks
// reference page are generated from this list.
import type { Contract } from '../contract';
import type { CheckDefinition } from './types';
import { schemaChecks } from './schema';
import { paginationChecks } from './pagination';
import { sortChecks } from './sorting';
import { reportChecks } from './report';
import { errorChecks } from './errors';
import { compareChecks } from './compare';
import { wireChecks } from './wire';

const all: CheckDefinition[] = [...schemaChecks, ...paginationChecks, ...sortChecks, ...reportChecks, ...errorChecks, ...wireChecks, ...compareChecks];

const byName = new Map<string, CheckDefinition>();
for (const c of all) {
  if (byName.has(c.name)) throw new Error(`two checks are named "${c.name}"`);
  byName.set(c.name, c);
}

export function allChecks(): CheckDefinition[] {
  return [...all];
}

export function getCheck(name: string): CheckDefinition | undefined {
  return byName.get(name);
}

/** A check's example use, with names from the contract where the check picks them there. */
export function exampleOf(def: CheckDefinition, contract: Contract): string | undefined {
  return typeof def.example === 'function' ? def.example(contract) : def.example;
}
