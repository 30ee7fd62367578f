// Checks name no rule: each says which role it plays (`pagination.truncation`, `job.completion`...) and the
// spec names the rule of that role for each operation (specs/: `service.rules`, `pagination.rules`,
// `sorting.rules`, `job.rules`, `errorRules`, and the `rule` of each count and item rule).
import type { Contract } from '../contract';
import type { CheckDefinition } from './types';

/** Where a rule is named: `<area>.<role>` for service, pagination, sorting and job; or a whole list. */
export type RuleRole =
  | `service.${'inputConstraints' | 'outputShape' | 'timestamps' | 'wireFormat' | 'sdkAgreement'}`
  | `pagination.${'defaultPageSize' | 'pageSize' | 'shortPages' | 'truncation' | 'continuation'}`
  | `sorting.${'order' | 'defaultOrder'}`
  | `job.${'status' | 'completion' | 'failure' | 'timesBeforeCompletion' | 'completionAfterCreation' | 'creationStable' | 'completionStable'}`
  | 'errorRules' | 'counts' | 'itemRules';

/** The rule id the spec names for a role of an operation, if it names one. */
export function ruleFor(contract: Contract, operation: string, role: RuleRole): string | undefined {
  const op = contract.operations[operation];
  const [area, name] = role.split('.') as [string, string | undefined];
  const pick = (map: object | undefined) => (map && name ? (map as Record<string, string | undefined>)[name] : undefined);
  switch (area) {
    case 'service': return pick(contract.service.rules);
    case 'pagination': return pick(op?.pagination?.rules);
    case 'sorting': return pick(op?.sorting?.rules);
    case 'job': return pick(op?.job?.rules);
    default: return undefined;
  }
}

function unique(ids: (string | undefined)[]): string[] {
  return [...new Set(ids.filter((x): x is string => typeof x === 'string'))];
}

/** Every rule id a list of roles stands for in one operation (lists give all their rules). */
export function rulesForRoles(contract: Contract, operation: string, roles: readonly RuleRole[]): string[] {
  const op = contract.operations[operation];
  return unique(roles.flatMap((role) => {
    if (role === 'errorRules') return Object.values(op?.errorRules ?? {});
    if (role === 'counts') return (op?.counts ?? []).map((c) => c.rule);
    if (role === 'itemRules') return (op?.itemRules ?? []).map((r) => r.rule);
    return [ruleFor(contract, operation, role)];
  }));
}

/** The rules a check reports against for one step: from its own resolver, or from its roles. */
export function rulesOf(def: CheckDefinition, contract: Contract, operation: string, args?: unknown): string[] {
  return def.rulesFor ? unique(def.rulesFor(contract, operation, args)) : rulesForRoles(contract, operation, def.rules);
}
