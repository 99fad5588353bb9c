// values.yaml with one comment line per key, taken from the schema descriptions.
import { Document, isMap, isPair, isScalar, isSeq, type YAMLMap } from 'yaml';
import type { JsonSchema } from '../schema/emitValuesSchema.ts';

/**
 * YAML 1.1, as Helm reads it: strings such as "on", "off", "yes" and "no" are quoted, so they stay strings. An
 * object a values module uses in two places (one constant in two lists) is written out twice, never as an
 * anchor and alias: each copy keeps its comments, and a reader sees the value where it applies.
 */
export const YAML_OPTIONS = { lineWidth: 0, indentSeq: true, version: '1.1', aliasDuplicateObjects: false } as const;

/** Renders `values` as commented YAML; `header` lines come first as comments. */
export function renderValuesYaml(values: unknown, schema: JsonSchema, header: string[]): string {
  const doc = new Document(values, { version: '1.1', aliasDuplicateObjects: false });
  if (isMap(doc.contents)) annotate(doc.contents, schema);
  doc.commentBefore = header.map((l) => ` ${l}`).join('\n');
  return doc.toString(YAML_OPTIONS);
}

function annotate(map: YAMLMap, schema: JsonSchema | undefined): void {
  for (const pair of map.items) {
    if (!isPair(pair) || !isScalar(pair.key)) continue;
    const sub = propertySchema(schema, String(pair.key.value));
    const description = sub?.description;
    if (typeof description === 'string') pair.key.commentBefore = ` ${description}`;
    if (isMap(pair.value)) annotate(pair.value, sub);
    if (isSeq(pair.value)) for (const item of pair.value.items) if (isMap(item)) annotate(item, sub?.items as JsonSchema | undefined);
  }
}

/** The schema of `key` inside `schema`, looking through anyOf branches. */
export function propertySchema(schema: JsonSchema | undefined, key: string): JsonSchema | undefined {
  if (!schema) return undefined;
  const props = schema.properties as Record<string, JsonSchema> | undefined;
  if (props?.[key]) return props[key];
  for (const branch of (schema.anyOf as JsonSchema[] | undefined) ?? []) {
    const found = propertySchema(branch, key);
    if (found) return found;
  }
  return undefined;
}
