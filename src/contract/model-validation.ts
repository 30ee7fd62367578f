// Checks of the merged contract that a JSON Schema cannot express, in the spirit of Smithy's model
// validators (PaginatedTraitValidator and friends): every name a spec uses must refer to a real member of the
// right type, every shape reference must resolve, every rule id must exist. Each problem is one event with
// the file:line:col of the offending value; all of them are reported together.
import { fullMatchPattern } from './schema';
import { resolvePath, type PathResolution } from './paths';
import { formatLoc, hint, type Loc, type YamlPath, type YamlSource } from './source';
import type { IdKindSpec, OperationSpec, ServiceSpec, Shape } from './spec';

/** Where an entity (an operation, a shape, a rule) was defined: its file and its path in that file. */
export interface Origin {
  source: YamlSource;
  path: YamlPath;
}

export interface RawModel {
  operations: Record<string, { spec: OperationSpec; origin: Origin }>;
  shapes: Record<string, { spec: Shape; origin: Origin }>;
  rules: Record<string, { spec: { members?: string[]; absentMembers?: string[] }; origin: Origin }>;
  presenceOnly: { member: string; origin: Origin }[];
  /** volatile.idKinds, by name. */
  idKinds: Record<string, { spec: IdKindSpec; origin: Origin }>;
  /** The service section (its protocol rules name rule ids). */
  service?: { spec: ServiceSpec; origin: Origin };
}

type ScalarKind = Shape['type'];

export function validateModel(model: RawModel): string[] {
  const events: string[] = [];
  const report = (origin: Origin, sub: YamlPath, message: string) => events.push(`${formatLoc(loc(origin, sub))}: ${message}`);
  const lookup = (name: string) => model.shapes[name]?.spec;
  const shapeNames = Object.keys(model.shapes);
  const unknownShape = (name: string) => `unknown shape "${name}"${hint(name, shapeNames)}`;

  // Every shape reference resolves; constraints are consistent with themselves.
  for (const [name, { spec: s, origin }] of Object.entries(model.shapes)) {
    if (s.type === 'structure') {
      for (const [member, ref] of Object.entries(s.members)) if (!lookup(ref.shape)) report(origin, ['members', member, 'shape'], `${name}.${member}: ${unknownShape(ref.shape)}`);
    } else if (s.type === 'list') {
      if (!lookup(s.member)) report(origin, ['member'], `${name}: list of ${unknownShape(s.member)}`);
    } else {
      events.push(...scalarProblems(name, s, origin));
    }
  }

  for (const [opName, { spec: op, origin }] of Object.entries(model.operations)) {
    const structureAt = (field: 'input' | 'output'): string | undefined => {
      const s = lookup(op[field]);
      if (!s) return void report(origin, [field], `${opName} ${field}: ${unknownShape(op[field])}`);
      if (s.type !== 'structure') return void report(origin, [field], `${opName} ${field}: ${op[field]} is a ${s.type}, not a structure`);
      return op[field];
    };
    const input = structureAt('input');
    const output = structureAt('output');
    (op.errors ?? []).forEach((e, i) => {
      const s = lookup(e);
      if (!s) report(origin, ['errors', i], `${opName} error: ${unknownShape(e)}`);
      else if (s.type !== 'structure' || !s.error) report(origin, ['errors', i], `${opName} error ${e} is not an error shape (a structure with an error: { code, httpStatus, type } trait)`);
    });

    /** A member of `root` reached by `path` whose shape is one of `kinds`; reports and returns undefined otherwise. */
    const member = (root: string | undefined, rootLabel: string, sub: YamlPath, path: string, kinds: ScalarKind[], what: string, each = false): Extract<PathResolution, { ok: true }> | undefined => {
      if (!root) return undefined;
      const r = resolvePath(lookup, root, path, { each });
      if (!r.ok) return void report(origin, sub, `${opName} ${sub.join('.')}: ${r.problem}`);
      if (!kinds.includes(r.shape.type)) return void report(origin, sub, `${opName} ${sub.join('.')}: ${root}.${path} is a ${r.shape.type} (${r.shapeName}); ${what} must be a ${kinds.join(' or ')}`);
      return r;
    };
    const notRequired = (root: string | undefined, path: string, sub: YamlPath) => {
      const s = root ? lookup(root) : undefined;
      if (s?.type === 'structure' && s.members[path]?.required) report(origin, sub, `${opName} ${sub.join('.')}: ${root}.${path} is required, so the first page could not be asked for without it`);
    };

    const p = op.pagination;
    let itemShape: string | undefined;
    if (p) {
      const size = member(input, 'input', ['pagination', 'pageSize'], p.pageSize, ['integer'], 'the page size');
      if (size && size.shape.type === 'integer' && size.shape.range && (p.defaultPageSize < size.shape.range[0] || p.defaultPageSize > size.shape.range[1])) {
        report(origin, ['pagination', 'defaultPageSize'], `${opName} pagination.defaultPageSize ${p.defaultPageSize} is outside ${size.shapeName}'s range ${size.shape.range.join('..')}`);
      }
      notRequired(input, p.pageSize, ['pagination', 'pageSize']);
      member(input, 'input', ['pagination', 'inputToken'], p.inputToken, ['string'], 'the input token');
      notRequired(input, p.inputToken, ['pagination', 'inputToken']);
      member(output, 'output', ['pagination', 'outputToken'], p.outputToken, ['string'], 'the output token');
      member(output, 'output', ['pagination', 'truncated'], p.truncated, ['boolean'], 'the truncation flag');
      const items = member(output, 'output', ['pagination', 'items'], p.items, ['list'], 'the items');
      if (items && items.shape.type === 'list') {
        const item = lookup(items.shape.member);
        if (item?.type !== 'structure') report(origin, ['pagination', 'items'], `${opName} pagination.items: the items of ${items.shapeName} are ${item ? `a ${item.type}` : 'undefined'}, not structures with a key`);
        else {
          itemShape = items.shape.member;
          member(itemShape, 'item shape', ['pagination', 'itemKey'], p.itemKey, ['string', 'integer', 'timestamp'], 'the item key');
        }
      }
    }

    const sort = op.sorting;
    if (sort) {
      const keys = Object.keys(sort.keys);
      if (!p) report(origin, ['sorting'], `${opName} sorting needs pagination (its items are the list the keys sort)`);
      // Without a parameter the order is fixed: the one key (a name of ours) describes it.
      if (sort.param === undefined && (keys.length !== 1 || keys[0] !== sort.default)) {
        report(origin, ['sorting', 'keys'], `${opName} sorting: without a param the operation has one fixed order, so keys must hold exactly the default (${sort.default})`);
      }
      const param = sort.param === undefined ? undefined : member(input, 'input', ['sorting', 'param'], sort.param, ['string'], 'the sort parameter');
      if (param && param.shape.type === 'string') {
        const values = param.shape.enum;
        if (!values) report(origin, ['sorting', 'param'], `${opName} sorting.param: ${input}.${sort.param} (${param.shapeName}) has no enum, so its values cannot be the sort keys`);
        else {
          const missing = values.filter((v) => !keys.includes(v));
          const extra = keys.filter((k) => !values.includes(k));
          if (missing.length) report(origin, ['sorting', 'keys'], `${opName} sorting.keys: no meaning given for ${missing.join(', ')} of ${param.shapeName}'s enum`);
          for (const k of extra) report(origin, ['sorting', 'keys', k], `${opName} sorting.keys: ${k} is not a value of ${param.shapeName}'s enum${hint(k, values)}`);
        }
      }
      if (!keys.includes(sort.default)) report(origin, ['sorting', 'default'], `${opName} sorting.default: "${sort.default}" is not one of the keys${hint(sort.default, keys)}`);
      for (const [k, spec] of Object.entries(sort.keys)) {
        const kind: ScalarKind = spec.compare === 'time' ? 'timestamp' : 'string';
        const by = member(itemShape, 'item shape', ['sorting', 'keys', k, 'by'], spec.by, [kind], `compare: ${spec.compare} sorts by`);
        void by;
      }
    }

    const job = op.job;
    if (job) {
      const status = member(output, 'output', ['job', 'status'], job.status, ['string'], 'the job status');
      const values = status && status.shape.type === 'string' ? status.shape.enum : undefined;
      if (status && !values) report(origin, ['job', 'status'], `${opName} job.status: ${output}.${job.status} (${status.shapeName}) has no enum; the statuses must be its values`);
      if (values) {
        for (const field of ['inProgress', 'terminal', 'failed'] as const) {
          job[field].forEach((v, i) => {
            if (!values.includes(v)) report(origin, ['job', field, i], `${opName} job.${field}: "${v}" is not a value of ${status!.shapeName}${hint(v, values)}`);
          });
        }
        for (const v of values) if (!job.inProgress.includes(v) && !job.terminal.includes(v)) report(origin, ['job'], `${opName} job: status ${v} of ${status!.shapeName} is neither inProgress nor terminal`);
      }
      job.inProgress.forEach((v, i) => {
        if (job.terminal.includes(v)) report(origin, ['job', 'inProgress', i], `${opName} job: "${v}" cannot be both inProgress and terminal`);
      });
      job.failed.forEach((v, i) => {
        if (!job.terminal.includes(v)) report(origin, ['job', 'failed', i], `${opName} job.failed: "${v}" is not one of the terminal statuses`);
      });
      member(output, 'output', ['job', 'createdAt'], job.createdAt, ['timestamp'], 'the creation date');
      member(output, 'output', ['job', 'completedAt'], job.completedAt, ['timestamp'], 'the completion date');
      member(output, 'output', ['job', 'failureDetails'], job.failureDetails, ['structure', 'string'], 'the failure details');
      (job.optionalWhileInProgress ?? []).forEach((m, i) => {
        const sub = ['job', 'optionalWhileInProgress', i];
        const r = member(output, 'output', sub, m, ['structure', 'list', 'string', 'integer', 'boolean', 'timestamp'], 'a member');
        const s = output ? lookup(output) : undefined;
        if (r && !m.includes('.') && s?.type === 'structure' && !s.members[m]?.required) report(origin, sub, `${opName} job.optionalWhileInProgress: ${output}.${m} is not required, so it may be absent anyway (list only members the model requires)`);
      });
      (job.notAfterCompletion ?? []).forEach((m, i) => member(output, 'output', ['job', 'notAfterCompletion', i], m, ['timestamp'], 'a time compared with the completion', true));
    }

    // errorRules: keyed by the wire code of an error the operation documents.
    const codes = (op.errors ?? []).map((e) => { const s = lookup(e); return s?.type === 'structure' ? s.error?.code : undefined; }).filter((c): c is string => !!c);
    for (const code of Object.keys(op.errorRules ?? {})) {
      if (!codes.includes(code)) report(origin, ['errorRules', code], `${opName} errorRules: "${code}" is not the code of an error the operation documents${codes.length ? ` (${codes.join(', ')})${hint(code, codes)}` : ' (it documents none)'}`);
    }

    // counts and itemRules read the items of the walked list.
    const ANY: ScalarKind[] = ['structure', 'list', 'string', 'integer', 'boolean', 'timestamp'];
    (op.counts ?? []).forEach((c, i) => {
      member(output, 'output', ['counts', i, 'member'], c.member, ['integer'], 'a count');
      if (typeof c.count === 'object') {
        const [how, path] = Object.entries(c.count)[0] as [string, string];
        if (!p) report(origin, ['counts', i, 'count'], `${opName} counts: counting items ${how} a member needs pagination (its items are what is counted)`);
        else member(itemShape, 'item shape', ['counts', i, 'count', how], path, ANY, 'a member');
      }
    });
    (op.itemRules ?? []).forEach((r, i) => {
      if (!p) return void report(origin, ['itemRules', i], `${opName} itemRules need pagination (its items are what the rules judge)`);
      // With each, the rule (when included) reads the elements of a list inside the item.
      let base = itemShape;
      if (r.each !== undefined) {
        const list = member(itemShape, 'item shape', ['itemRules', i, 'each'], r.each, ['list'], 'each');
        const el = list && list.shape.type === 'list' ? list.shape.member : undefined;
        if (list && lookup(el!)?.type !== 'structure') report(origin, ['itemRules', i, 'each'], `${opName} itemRules[${i}].each: the elements of ${list.shapeName} are not structures`);
        base = el && lookup(el)?.type === 'structure' ? el : undefined;
      }
      if (r.when) {
        const [how, path] = Object.entries(r.when)[0] as [string, string];
        member(base, 'item', ['itemRules', i, 'when', how], path, ANY, 'a member');
      }
      for (const field of ['absent', 'present'] as const) (r[field] ?? []).forEach((m, j) => member(base, 'item', ['itemRules', i, field, j], m, ANY, 'a member'));
      for (const m of Object.keys(r.range ?? {})) member(base, 'item', ['itemRules', i, 'range', m], m, ['integer'], 'a bounded member');
    });

    // Rule ids anywhere in an operation: any field named rule, rules, …Rule or …Rules.
    for (const { path, id } of ruleReferences(op)) {
      if (!model.rules[id]) report(origin, path, `${opName} ${path.join('.')}: unknown rule "${id}"${hint(id, Object.keys(model.rules))} (rules are defined under rules: in specs/)`);
    }
  }

  for (const [id, { spec: r, origin }] of Object.entries(model.rules)) {
    for (const field of ['members', 'absentMembers'] as const) {
      (r[field] ?? []).forEach((ref, i) => {
        const [shapeName, memberName] = ref.split('.');
        const s = lookup(shapeName);
        if (!s) return report(origin, [field, i], `rule ${id} ${field}: ${unknownShape(shapeName)}`);
        if (s.type !== 'structure') return report(origin, [field, i], `rule ${id} ${field}: ${shapeName} is a ${s.type}, not a structure`);
        const has = Object.hasOwn(s.members, memberName);
        if (field === 'members' && !has) report(origin, [field, i], `rule ${id} members: ${shapeName} has no member ${memberName}${hint(memberName, Object.keys(s.members))} (a rule about a member that must not be there lists it under absentMembers)`);
        if (field === 'absentMembers' && has) report(origin, [field, i], `rule ${id} absentMembers: ${shapeName} does have a member ${memberName}`);
      });
    }
  }

  if (model.service) {
    const { spec, origin } = model.service;
    for (const { path, id } of ruleReferences({ rules: spec.rules })) {
      if (!model.rules[id]) report(origin, path, `service ${path.join('.')}: unknown rule "${id}"${hint(id, Object.keys(model.rules))} (rules are defined under rules: in specs/)`);
    }
  }

  // Id kinds: both patterns must compile (find is searched in any text; pattern matches a whole id).
  for (const [kind, { spec, origin }] of Object.entries(model.idKinds)) {
    for (const field of ['find', 'pattern'] as const) {
      try {
        new RegExp(spec[field], 'u');
      } catch (e) {
        report(origin, [field], `volatile.idKinds.${kind}.${field} is not a valid regular expression: ${(e as Error).message}`);
      }
    }
  }

  const allMembers = new Set(Object.values(model.shapes).flatMap(({ spec: s }) => (s.type === 'structure' ? Object.keys(s.members) : [])));
  model.presenceOnly.forEach(({ member: m, origin }) => {
    const last = m.split('.').pop()!;
    if (!allMembers.has(last)) report(origin, [], `comparison.presenceOnly: no structure of the contract has a member ${last}${hint(last, [...allMembers])}`);
  });
  return events;
}

function loc(origin: Origin, sub: YamlPath): Loc {
  return origin.source.locOf([...origin.path, ...sub]);
}

function scalarProblems(name: string, s: Exclude<Shape, { type: 'structure' | 'list' }>, origin: Origin): string[] {
  const out: string[] = [];
  const report = (sub: YamlPath, message: string) => out.push(`${formatLoc(loc(origin, sub))}: shape ${name}: ${message}`);
  if (s.length && s.length[0] > s.length[1]) report(['length'], `length [${s.length.join(', ')}]: the minimum is above the maximum`);
  if (s.range && s.range[0] > s.range[1]) report(['range'], `range [${s.range.join(', ')}]: the minimum is above the maximum`);
  let re: RegExp | undefined;
  if (s.pattern !== undefined) {
    try {
      re = new RegExp(fullMatchPattern(s.pattern), 'u');
    } catch (e) {
      report(['pattern'], `pattern is not a valid regular expression: ${(e as Error).message}`);
    }
  }
  if (s.enum && new Set(s.enum).size !== s.enum.length) report(['enum'], 'enum lists a value twice');
  // The example seeds generated inputs: it must itself be a valid value of the shape.
  if (s.example !== undefined) {
    const ex = s.example as unknown;
    if (s.type === 'string' && typeof ex === 'string') {
      if (s.length && (ex.length < s.length[0] || ex.length > s.length[1])) report(['example'], `example "${ex}" has ${ex.length} characters, outside the length ${s.length.join('..')}`);
      if (re && !re.test(ex)) report(['example'], `example "${ex}" does not match the pattern`);
      if (s.enum && !s.enum.includes(ex)) report(['example'], `example "${ex}" is not a value of the enum`);
    }
    if (s.type === 'integer' && typeof ex === 'number' && s.range && (ex < s.range[0] || ex > s.range[1])) report(['example'], `example ${ex} is outside the range ${s.range.join('..')}`);
  }
  return out;
}

/**
 * Every rule id named in a section's fields, with its path: a field `rule` (or ending in `Rule`) holds one;
 * a field `rules` (or ending in `Rules`) holds ids as its values, by role (`rules: { order: R8 }`), by code
 * (`errorRules: { NoSuchEntity: R2 }`) or in a list; a list of objects (`itemRules`) is searched inside.
 */
export function ruleReferences(value: unknown, path: YamlPath = []): { path: YamlPath; id: string }[] {
  if (!value || typeof value !== 'object') return [];
  const out: { path: YamlPath; id: string }[] = [];
  const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
  for (const [k, v] of entries) {
    const key = String(k);
    if (typeof v === 'string' && /^(rule|.*Rule)$/.test(key)) out.push({ path: [...path, k], id: v });
    else if (/^(rules|.*Rules)$/.test(key) && v && typeof v === 'object') {
      for (const [k2, v2] of Array.isArray(v) ? v.map((x, i) => [i, x] as const) : Object.entries(v)) {
        if (typeof v2 === 'string') out.push({ path: [...path, k, k2], id: v2 });
        else out.push(...ruleReferences(v2, [...path, k, k2]));
      }
    } else out.push(...ruleReferences(v, [...path, k]));
  }
  return out;
}
