// README values tables, generated from the schema descriptions and the defaults.
import type { JsonSchema } from '../schema/emitValuesSchema.ts';

export interface ValueRow { path: string; type: string; default: string; description: string }

/** One row per leaf value (objects without declared properties count as leaves). */
export function valueRows(schema: JsonSchema, defaults: unknown, prefix = ''): ValueRow[] {
  const props = schema.properties as Record<string, JsonSchema> | undefined;
  if (!props) return [];
  const rows: ValueRow[] = [];
  for (const [key, sub] of Object.entries(props)) {
    const path = prefix ? `${prefix}.${key}` : key;
    const value = defaults && typeof defaults === 'object' ? (defaults as Record<string, unknown>)[key] : undefined;
    if (sub.properties && sub.type === 'object') {
      rows.push(...valueRows(sub, value, path));
      continue;
    }
    rows.push({ path, type: typeOf(sub), default: value === undefined ? '' : JSON.stringify(value), description: String(sub.description ?? '') });
  }
  return rows;
}

export function valuesTable(rows: ValueRow[]): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  return [
    '| Key | Type | Default | Description |',
    '|-----|------|---------|-------------|',
    ...rows.map((r) => `| \`${r.path}\` | ${esc(r.type)} | ${r.default ? `\`${esc(r.default)}\`` : ''} | ${esc(r.description)} |`),
  ].join('\n');
}

function typeOf(s: JsonSchema): string {
  if (Array.isArray(s.enum)) return s.enum.map((v) => JSON.stringify(v)).join(' | ');
  if (s.const !== undefined) return JSON.stringify(s.const);
  if (Array.isArray(s.anyOf)) return [...new Set((s.anyOf as JsonSchema[]).map(typeOf))].join(' or ');
  if (Array.isArray(s.type)) return s.type.join(' or ');
  if (s.type === 'array') return `${typeOf((s.items as JsonSchema) ?? {})}[]`;
  if (s.type === 'object') return 'object';
  return String(s.type ?? 'any');
}
