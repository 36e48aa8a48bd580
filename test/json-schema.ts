// A validator for the subset of JSON Schema that generated/schemas/ uses:
// type, properties, required, additionalProperties: false, items, minItems, anyOf. Written
// out so the test checks ic's output against the files as they are on disk.
export interface JsonSchema {
  type?: 'object' | 'array' | 'string' | 'integer' | 'boolean' | 'number' | 'null';
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean;
  items?: JsonSchema;
  minItems?: number;
  anyOf?: JsonSchema[];
}

/** The problems with `value`, one string each; empty when it is valid. */
export function validate(schema: JsonSchema, value: unknown, at = '$'): string[] {
  if (schema.anyOf) {
    return schema.anyOf.some((s) => validate(s, value, at).length === 0) ? [] : [`${at}: matches none of anyOf`];
  }
  switch (schema.type) {
    case undefined:
      return [];
    case 'string':
      return typeof value === 'string' ? [] : [`${at}: expected a string`];
    case 'boolean':
      return typeof value === 'boolean' ? [] : [`${at}: expected a boolean`];
    case 'integer':
      return Number.isInteger(value) ? [] : [`${at}: expected an integer`];
    case 'number':
      return typeof value === 'number' ? [] : [`${at}: expected a number`];
    case 'null':
      return value === null ? [] : [`${at}: expected null`];
    case 'array':
      if (!Array.isArray(value)) return [`${at}: expected an array`];
      if (schema.minItems !== undefined && value.length < schema.minItems) return [`${at}: fewer than ${schema.minItems} items`];
      return value.flatMap((v, i) => (schema.items ? validate(schema.items, v, `${at}[${i}]`) : []));
    case 'object': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return [`${at}: expected an object`];
      const obj = value as Record<string, unknown>;
      const problems = (schema.required ?? []).filter((k) => !(k in obj)).map((k) => `${at}.${k}: missing`);
      for (const [k, v] of Object.entries(obj)) {
        const prop = schema.properties?.[k];
        if (prop) problems.push(...validate(prop, v, `${at}.${k}`));
        else if (schema.additionalProperties === false) problems.push(`${at}.${k}: not allowed`);
      }
      return problems;
    }
  }
}
