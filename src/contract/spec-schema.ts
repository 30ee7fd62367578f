// The JSON Schema of contract files (specs/*.yaml). Any file may hold any of the sections; the loader
// merges them into one contract and then checks what a schema cannot: that names refer to real members of
// the right types (src/contract/model-validation.ts). `npm run generate` publishes this schema to
// specs/spec-file.schema.json for editors. To add a field to an operation, add it here (additionalProperties
// is false everywhere, so a misspelt field is an error) and, when it names members or rules, check it in
// model-validation.ts.

const name = { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_]*$' };
/** Member, or Member.Member into nested structures. */
const memberPath = { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*$', description: 'a member, or Member.Member into nested structures' };
/** A path from an output through lists: `List[*].Member` names that member of each element. */
const outputPath = { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*(\\[\\*\\])?(\\.[A-Za-z_][A-Za-z0-9_]*(\\[\\*\\])?)*$', description: 'an output member, Member.Member, or List[*].Member for each element of a list' };
const ruleId = { type: 'string', pattern: '^[A-Z]+[0-9]+$', description: 'a rule id of specs/rules.yaml' };
const pair = (description: string) => ({ type: 'array', items: { type: 'integer', minimum: 0 }, minItems: 2, maxItems: 2, description });
const nonEmptyList = (items: object) => ({ type: 'array', items, minItems: 1, uniqueItems: true });
const object = (required: string[], properties: Record<string, unknown>, description?: string) =>
  ({ type: 'object', additionalProperties: false, required, properties, ...(description ? { description } : {}) });
/** The rules a part of the contract reports against, by role: each role optional, each value a rule id. */
const roleRules = (roles: Record<string, string>, description: string) =>
  object([], Object.fromEntries(Object.entries(roles).map(([role, what]) => [role, { ...ruleId, description: what }])), description);

const pagination = object(['pageSize', 'defaultPageSize', 'inputToken', 'outputToken', 'truncated', 'items', 'itemKey'], {
  pageSize: { ...name, description: 'integer input member that bounds a page' },
  defaultPageSize: { type: 'integer', minimum: 1, description: 'page size when the request does not set one' },
  inputToken: { ...name, description: 'string input member that continues a listing' },
  outputToken: { ...memberPath, description: 'string output member with the token of the next page' },
  truncated: { ...memberPath, description: 'boolean output member: more pages follow' },
  items: { ...memberPath, description: 'list output member holding the page\'s items' },
  itemKey: { ...memberPath, description: 'member of an item (a path into nested structures allowed) that identifies it across pages' },
  rules: roleRules({
    defaultPageSize: 'page-size: a page asked for without pageSize holds at most defaultPageSize items',
    pageSize: 'page-size, truncated-when-more-remain: at most pageSize items; truncated while more remain',
    shortPages: 'walk-equals: pages of any length add up to the whole list',
    truncation: 'truncation-marker, walk-completes: truncated <=> outputToken present',
    continuation: 'walk-completes, walk-equals: the token continues the list, no item twice or lost',
  }, 'the rules the paging checks report against'),
}, 'how the operation pages; the suite follows the token itself');

const sortKey = object(['by', 'order', 'compare'], {
  by: { ...memberPath, description: 'member of an item the key sorts by' },
  order: { enum: ['ascending', 'descending'] },
  compare: { enum: ['text', 'time'], description: 'text: a string member; time: a timestamp member' },
});

const sorting = object(['default', 'keys'], {
  param: { ...name, description: 'input member whose enum values are the sort keys; without one, the operation has one fixed order (the default key, named by us)' },
  default: { type: 'string', description: 'the key that applies when the request sends none' },
  rules: roleRules({ order: 'sorted-by with a sort key sent; same-items-as', defaultOrder: 'sorted-by when no sort key was sent (or there is no param)' }, 'the rules the order checks report against'),
  keys: { type: 'object', minProperties: 1, additionalProperties: sortKey, description: 'what each value of the sort parameter means' },
});

const job = object(['status', 'inProgress', 'terminal', 'failed', 'createdAt', 'completedAt', 'failureDetails'], {
  status: { ...memberPath, description: 'output member with the job status (an enum)' },
  inProgress: { ...nonEmptyList({ type: 'string' }), description: 'statuses of a job still running' },
  terminal: { ...nonEmptyList({ type: 'string' }), description: 'statuses of a finished job' },
  failed: { ...nonEmptyList({ type: 'string' }), description: 'terminal statuses of a failed job' },
  createdAt: { ...memberPath, description: 'timestamp output member: when the job started' },
  completedAt: { ...memberPath, description: 'timestamp output member: when it finished' },
  failureDetails: { ...memberPath, description: 'output member that explains a failed job' },
  completedAtWhileInProgress: { enum: ['absent', 'optional'], description: 'absent (default): no completion date while in progress; optional: either' },
  optionalWhileInProgress: { type: 'array', items: memberPath, uniqueItems: true, description: 'output members the model requires that may be absent while the job is in progress' },
  notAfterCompletion: { type: 'array', items: outputPath, uniqueItems: true, description: 'timestamps (output paths, [*] for each element) that cannot be later than the completion' },
  rules: roleRules({
    status: 'job-lifecycle: reaches a terminal status, never goes back; outcome',
    completion: 'job-lifecycle, job-in-progress: completion date absent while in progress, present once terminal',
    failure: 'job-lifecycle: a failed job explains itself in failureDetails',
    timesBeforeCompletion: 'job-times: no notAfterCompletion time later than the completion',
    completionAfterCreation: 'job-times: completion not before creation',
    creationStable: 'job-times: the creation date is the same on every answer about the job',
    completionStable: 'job-times: once set, the completion date is the same on every answer',
  }, 'the rules the job checks report against'),
}, 'a job the operation reports on: polled until a terminal status');

const operation = object(['input', 'output', 'kind'], {
  input: name,
  output: name,
  errors: { type: 'array', items: name, uniqueItems: true, description: 'error shapes the operation documents' },
  kind: { enum: ['read', 'job-start'], description: 'read: reads only; job-start: starts a report job (both safe against AWS)' },
  pagination,
  sorting,
  job,
  errorRules: { type: 'object', additionalProperties: ruleId, propertyNames: name, description: 'the rule error-code reports against, by wire code of an error the operation documents' },
  counts: {
    type: 'array',
    description: 'counts in the output and what they count over the whole walked list (counts-match-items)',
    items: object(['member', 'count'], {
      member: { ...memberPath, description: 'integer output member' },
      count: {
        description: 'all items, or those without / with a member (a path in the item)',
        oneOf: [{ const: 'all' }, object(['without'], { without: memberPath }), object(['with'], { with: memberPath })],
      },
      rule: ruleId,
    }),
  },
  itemRules: {
    type: 'array',
    description: 'what every item (matching when) must satisfy (item-rules)',
    items: object([], {
      when: { description: 'the items it applies to: a member (path in the item) absent, or present', oneOf: [object(['absent'], { absent: memberPath }), object(['present'], { present: memberPath })] },
      each: { ...memberPath, description: 'apply to the elements of this list inside each item instead' },
      absent: { type: 'array', items: memberPath, uniqueItems: true, description: 'members that must be absent' },
      present: { type: 'array', items: memberPath, uniqueItems: true, description: 'members that must be present' },
      range: {
        type: 'object',
        propertyNames: memberPath,
        additionalProperties: { type: 'array', minItems: 2, maxItems: 2, items: { type: ['integer', 'null'] }, description: '[min, max], null: unbounded' },
        description: 'numeric members that, when present, lie in [min, max]',
      },
      rule: ruleId,
    }),
  },
});

const memberRef = object(['shape'], { shape: name, required: { type: 'boolean' } });

const SHAPE_TYPES = ['structure', 'list', 'string', 'integer', 'boolean', 'timestamp'] as const;
const shapeVariants: Record<(typeof SHAPE_TYPES)[number], object> = {
  structure: object(['type', 'members'], {
    type: { const: 'structure' },
    members: { type: 'object', additionalProperties: memberRef, propertyNames: name },
    error: object(['code', 'httpStatus', 'type'], { code: name, httpStatus: { type: 'integer', minimum: 400, maximum: 599 }, type: { enum: ['Sender', 'Receiver'] } }),
  }),
  list: object(['type', 'member'], { type: { const: 'list' }, member: name }),
  string: object(['type'], {
    type: { const: 'string' },
    length: pair('[min, max] characters'),
    pattern: { type: 'string', minLength: 1, description: 'the model\'s regular expression; always matched against the whole value' },
    enum: nonEmptyList({ type: 'string' }),
    example: { type: 'string', description: 'a valid value of ours, to derive boundary and negative inputs from' },
    opaque: { type: 'boolean', description: 'a token only the target can mint: a well-formed one of ours may be refused' },
  }),
  integer: object(['type'], { type: { const: 'integer' }, range: { type: 'array', items: { type: 'integer' }, minItems: 2, maxItems: 2, description: '[min, max]' }, example: { type: 'integer' } }),
  boolean: object(['type'], { type: { const: 'boolean' } }),
  timestamp: object(['type'], { type: { const: 'timestamp' }, format: { enum: ['date-time', 'http-date', 'epoch-seconds'] } }),
};

const shape = {
  type: 'object',
  required: ['type'],
  properties: { type: { enum: SHAPE_TYPES } },
  // One branch per type, so an error names the field that is wrong for this type of shape.
  allOf: SHAPE_TYPES.map((t) => ({ if: { properties: { type: { const: t } }, required: ['type'] }, then: shapeVariants[t] })),
};

const rule = {
  type: 'object',
  additionalProperties: false,
  required: ['title', 'basis'],
  properties: {
    title: { type: 'string', minLength: 1 },
    basis: { type: 'string', minLength: 1, description: 'where the rule comes from: model member/trait, API docs, docs example' },
    testable: { type: 'boolean', description: 'false: no black-box case can exercise it (then say why)' },
    why: { type: 'string', minLength: 1 },
    members: { type: 'array', items: { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_]*\\.[A-Za-z][A-Za-z0-9_]*$' }, description: 'Shape.Member: schema violations there break this rule' },
    absentMembers: { type: 'array', items: { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_]*\\.[A-Za-z][A-Za-z0-9_]*$' }, description: 'Shape.Member the contract does NOT have: an answer carrying one breaks this rule' },
  },
  if: { properties: { testable: { const: false } }, required: ['testable'] },
  then: { required: ['why'] },
};

export function specFileSchema(): Record<string, unknown> {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://iam-conformance.invalid/spec-file.schema.json',
    title: 'iam-conformance contract file (specs/*.yaml)',
    type: 'object',
    additionalProperties: false,
    minProperties: 1,
    properties: {
      service: object(['name', 'protocol', 'apiVersion', 'xmlNamespace', 'globalEndpoint', 'signingRegion'], {
        name: { type: 'string' }, protocol: { enum: ['awsQuery'] }, apiVersion: { type: 'string' }, xmlNamespace: { type: 'string' },
        globalEndpoint: { type: 'string' }, signingRegion: { type: 'string' },
        rules: roleRules({
          inputConstraints: 'client-error, accepted-input: out-of-contract input refused with a 4xx, legal input accepted',
          outputShape: 'response-schema, unless rules.yaml names a rule for the member',
          timestamps: 'response-schema: a timestamp not written as the protocol\'s date-time',
          wireFormat: 'wire-format; client-error: a refusal that is not a protocol error',
          sdkAgreement: 'sdk-agrees',
        }, 'the protocol\'s rules, which the generic checks report against'),
      }, 'the service; several files may repeat it, identically'),
      operations: { type: 'object', additionalProperties: operation, propertyNames: name },
      shapes: { type: 'object', additionalProperties: shape, propertyNames: name },
      volatile: object([], {
        envelope: { type: 'array', items: name, uniqueItems: true, description: 'protocol elements outside the Result (request ids)' },
        headers: { type: 'array', items: { type: 'string', pattern: '^[A-Za-z0-9-]+$' }, uniqueItems: true, description: 'response headers (request ids)' },
        idKinds: {
          type: 'object',
          propertyNames: name,
          description: 'ids of the caller\'s organization, replaced in recordings with --normalize-ids',
          additionalProperties: object(['find', 'pattern'], {
            prefix: { type: 'string', minLength: 1, description: 'kept in placeholders' },
            find: { type: 'string', minLength: 1, description: 'finds an id of this kind in any text, at any length' },
            pattern: { type: 'string', minLength: 1, description: 'the whole-value pattern of a well-formed id' },
          }),
        },
      }, 'values that differ from run to run or account to account, besides the members of opaque shapes'),
      comparison: object(['presenceOnly'], { presenceOnly: { type: 'array', items: memberPath, uniqueItems: true, description: 'members compared for presence only in differential mode' } }),
      rules: { type: 'object', additionalProperties: rule, propertyNames: { pattern: ruleId.pattern } },
    },
  };
}
