// Inputs the other tools need, made before timing: an annotated values.yaml (readme-generator),
// helm-rendered objects (cdk8s, static chart) and a dependency-built copy of the umbrella.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Document, isMap, isPair, isScalar, isSeq, parse, parseAllDocuments, stringify, type YAMLMap } from 'yaml';
import { run } from './measure.ts';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export function deepMerge(base: unknown, over: unknown): unknown {
  if (!isObj(base) || !isObj(over)) return over === undefined ? base : over;
  const out: Obj = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = deepMerge(base[k], v);
  return out;
}

function sub(schema: Obj | undefined, key: string): Obj | undefined {
  if (!schema) return undefined;
  const p = (schema.properties as Record<string, Obj> | undefined)?.[key];
  if (p) return p;
  for (const b of (schema.anyOf as Obj[] | undefined) ?? []) { const f = sub(b, key); if (f) return f; }
  return undefined;
}

/** `## @param` on every leaf (Bitnami's convention: non-empty arrays as `[array]` leaves), a section per top key. */
function annotate(map: YAMLMap, schema: Obj | undefined, prefix: string): void {
  for (const pair of map.items) {
    if (!isPair(pair) || !isScalar(pair.key)) continue;
    const key = String(pair.key.value);
    const path = prefix ? `${prefix}.${key}` : key;
    const s = sub(schema, key);
    const desc = String(s?.description ?? path).replace(/\s+/g, ' ');
    if (isMap(pair.value) && pair.value.items.length) annotate(pair.value, s, path);
    else if (isSeq(pair.value) && pair.value.items.length) pair.key.commentBefore = `# @param ${path} [array] ${desc}`;
    else pair.key.commentBefore = `# @param ${path} ${desc}`;
    if (!prefix) pair.key.commentBefore = `# @section ${key} parameters\n${pair.key.commentBefore ?? ''}`.trimEnd();
  }
}

export interface Dump { files: Record<string, string>; global: Obj; globalSchema: Obj; instances: { key: string; chart: string; defaults: Obj; given: Obj; schema: Obj }[] }

/** Writes DIR/values.yaml (every value of every instance, annotated) and DIR/README.input.md. */
export function prepareReadmeInput(dump: Dump, dir: string): void {
  mkdirSync(dir, { recursive: true });
  const values: Obj = { global: dump.global };
  const schema: Obj = { properties: { global: dump.globalSchema } as Obj };
  for (const i of dump.instances) {
    const { global: _g, ...defaults } = i.defaults;
    values[i.key] = deepMerge(defaults, i.given);
    (schema.properties as Obj)[i.key] = i.schema;
  }
  const doc = new Document(values);
  annotate(doc.contents as YAMLMap, schema, '');
  writeFileSync(join(dir, 'values.yaml'), doc.toString({ lineWidth: 0 }));
  writeFileSync(join(dir, 'README.input.md'), '# appgear\n\n## Parameters\n\n## License\n\nApache-2.0\n');
}

export const HELM_ENV = (tmp: string) => ({
  HELM_CACHE_HOME: join(tmp, 'helm-home/cache'), HELM_CONFIG_HOME: join(tmp, 'helm-home/config'), HELM_DATA_HOME: join(tmp, 'helm-home/data'),
});
export const TEMPLATE_ARGS = ['template', 'core', '--namespace', 'appgear-core'];
const HELM_MAX_FILE = 5 * 1024 * 1024; // Helm refuses chart files above 5 MiB

export interface HelmInput {
  umbrella: string; staticChart: string; objects: string; count: number; refused?: string; renderedFrom: string;
  /** The same umbrella, its sub-charts without their own library dependency (the umbrella's serves them all). */
  sharedLibrary: string;
}

/**
 * Helm's dependency processing hands every sub-chart that has dependencies of its own a deep copy of the
 * parent's whole values (chartutil processDependencyEnabled -> CoalesceValues), so with the library as each
 * sub-chart's dependency the cost grows with aliases x values, i.e. quadratically. Library templates are
 * global within one render, so sub-charts whose Chart.yaml lists no dependency render the same objects from
 * the umbrella's own library dependency. The benchmark renders its inputs from that copy (checked equal to
 * the real umbrella's output where that finishes) and times both.
 */
function shareLibrary(chartsDir: string, umbrellaName: string): void {
  for (const name of readdirSync(chartsDir)) {
    const chartYaml = join(chartsDir, name, 'Chart.yaml');
    if (name === umbrellaName || !existsSync(chartYaml)) continue;
    const meta = parse(readFileSync(chartYaml, 'utf8')) as Obj;
    if (meta.type === 'library' || !meta.dependencies) continue;
    delete meta.dependencies;
    writeFileSync(chartYaml, stringify(meta));
    rmSync(join(chartsDir, name, 'Chart.lock'), { force: true });
    rmSync(join(chartsDir, name, 'charts'), { recursive: true, force: true });
  }
}

/** Copies charts/, builds dependencies, renders once; a static chart holds that output verbatim. */
export function prepareHelmInput(helm: string, scenarioDir: string, tmp: string): HelmInput {
  const base = join(scenarioDir, 'helm');
  rmSync(base, { recursive: true, force: true });
  mkdirSync(base, { recursive: true });
  cpSync(join(scenarioDir, 'charts'), join(base, 'charts'), { recursive: true });
  const umbrella = join(base, 'charts/appgear');
  const env = HELM_ENV(tmp);
  const schemaFile = join(umbrella, 'values.schema.json');
  let refused: string | undefined;
  let renderFrom = umbrella;
  if (existsSync(schemaFile) && statSync(schemaFile).size > HELM_MAX_FILE) {
    // Helm refuses the chart (dependency build, template, lint); render the same objects from a copy
    // without the umbrella schema, which only validates and changes no object.
    refused = `values.schema.json is ${(statSync(schemaFile).size / 2 ** 20).toFixed(1)} MiB; Helm refuses chart files above 5 MiB`;
    cpSync(join(base, 'charts'), join(base, 'noschema'), { recursive: true });
    renderFrom = join(base, 'noschema/appgear');
    rmSync(join(renderFrom, 'values.schema.json'));
  }
  run(helm, ['dependency', 'build', renderFrom], base, env);
  const shared = join(base, 'shared');
  cpSync(join(renderFrom, '..'), shared, { recursive: true });
  shareLibrary(shared, 'appgear');
  const sharedLibrary = join(shared, 'appgear');
  rmSync(join(sharedLibrary, 'charts'), { recursive: true, force: true });
  run(helm, ['dependency', 'build', sharedLibrary], base, env);
  const out = run(helm, [...TEMPLATE_ARGS, sharedLibrary], base, env).stdout;
  const staticChart = join(base, 'static');
  mkdirSync(join(staticChart, 'templates'), { recursive: true });
  writeFileSync(join(staticChart, 'Chart.yaml'), 'apiVersion: v2\nname: static\nversion: 0.1.0\n');
  // Helm would read "{{" in the output as template syntax; escape it so the chart renders the output verbatim.
  // Chunks under 1 MiB: Helm refuses chart files above 5 MiB.
  let chunk = '';
  let k = 0;
  const flush = () => { if (chunk) writeFileSync(join(staticChart, `templates/manifests-${String(k++).padStart(3, '0')}.yaml`), chunk); chunk = ''; };
  for (const doc of out.replaceAll('{{', '{{ "{{" }}').split(/^(?=---$)/m)) {
    if (chunk.length + doc.length > 1 << 20) flush();
    chunk += doc;
  }
  flush();
  const docs = parseAllDocuments(out).map((d) => d.toJS()).filter(Boolean);
  const objects = join(base, 'objects.json');
  writeFileSync(objects, JSON.stringify(docs));
  return { umbrella, staticChart, objects, count: docs.length, refused, renderedFrom: renderFrom, sharedLibrary };
}

export const readJson = (p: string) => JSON.parse(readFileSync(p, 'utf8'));
