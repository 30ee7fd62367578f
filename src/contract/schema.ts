// Turns contract shapes into JSON Schema, so that ajv (not hand-written per-field code) validates responses.
// The schema describes the "wire view" of a response: the XML content with timestamps kept as the text that
// was sent, integers as numbers and booleans as booleans (see src/wire/awsquery.ts).
import type { Contract, Shape } from './spec';

export type JsonSchema = Record<string, unknown>;

/** Whole-value match: the model's patterns are written unanchored (C2J) but mean the entire string. */
export function fullMatchPattern(pattern: string): string {
  return `^(?:${pattern})$`;
}

export function shapeToJsonSchema(contract: Contract, shapeName: string): JsonSchema {
  const defs: Record<string, JsonSchema> = {};
  const visit = (name: string): JsonSchema => {
    if (!Object.hasOwn(defs, name)) {
      defs[name] = {}; // placeholder for recursion
      defs[name] = convert(contract.shape(name));
    }
    return { $ref: `#/$defs/${name}` };
  };
  const convert = (s: Shape): JsonSchema => {
    switch (s.type) {
      case 'structure': {
        const properties: Record<string, JsonSchema> = {};
        const required: string[] = [];
        for (const [member, ref] of Object.entries(s.members)) {
          properties[member] = visit(ref.shape);
          if (ref.required) required.push(member);
        }
        // Unknown members are a contract break (R20 is one such case): the model lists every member.
        return { type: 'object', properties, required, additionalProperties: false };
      }
      case 'list':
        return { type: 'array', items: visit(s.member) };
      case 'string': {
        const out: JsonSchema = { type: 'string' };
        if (s.length) { out.minLength = s.length[0]; out.maxLength = s.length[1]; }
        if (s.pattern) out.pattern = fullMatchPattern(s.pattern);
        if (s.enum) out.enum = s.enum;
        return out;
      }
      case 'integer': {
        const out: JsonSchema = { type: 'integer' };
        if (s.range) { out.minimum = s.range[0]; out.maximum = s.range[1]; }
        return out;
      }
      case 'boolean':
        return { type: 'boolean' };
      case 'timestamp':
        return { type: 'string', format: s.format ?? 'date-time' };
    }
  };
  const root = visit(shapeName);
  return { $schema: 'https://json-schema.org/draft/2020-12/schema', $defs: defs, ...root };
}
