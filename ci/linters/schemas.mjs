// Generates the JSON schemas kubeconform validates against, from sources pinned elsewhere and reachable
// without network beyond the Go module proxy:
//   - the Kubernetes OpenAPI v2 (api/openapi-spec/swagger.json in the k8s.io/kubernetes module at K8S.version)
//   - every CRD of ci/cluster/crds.mjs (openAPIV3Schema of each served version)
// Layout (two kubeconform -schema-location templates, see SCHEMA_LOCATIONS):
//   <dir>/k8s/{{ .ResourceKind }}{{ .KindSuffix }}.json              e.g. k8s/deployment-apps-v1.json
//   <dir>/crds/{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json   (full group: no collisions)
// Strict like the API server's strict field validation: an object with declared properties gets
// additionalProperties: false unless the schema leaves it open (additionalProperties given, or
// x-kubernetes-preserve-unknown-fields in a CRD). Each file is self-contained (referenced definitions copied in).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { CRD_SOURCES, moduleDir } from '../cluster/crds.mjs';
import { K8S } from '../cluster/versions.mjs';

const K8S_MODULE = 'k8s.io/kubernetes';
const SWAGGER = 'api/openapi-spec/swagger.json';
const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

/** kubeconform -schema-location values, relative to the generated directory. */
export const SCHEMA_LOCATIONS = (dir) => [
  join(dir, 'k8s', '{{ .ResourceKind }}{{ .KindSuffix }}.json'),
  join(dir, 'crds', '{{ .Group }}', '{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json'),
];

/** Cache key: every pinned input plus this converter's own source (a converter change regenerates). */
export function schemasKey() {
  const pins = [`${K8S_MODULE}@${K8S.version}`, ...CRD_SOURCES.map((s) => `${s.module}@${s.version}:${s.paths.join(',')}`)];
  const hash = createHash('sha256').update(pins.join('\n')).update(readFileSync(new URL(import.meta.url))).digest('hex').slice(0, 12);
  return `${K8S.version}-${hash}`;
}

const clone = (o) => JSON.parse(JSON.stringify(o));

/** Every definition name reachable through $ref from `node`, added to `seen`. */
function collectRefs(node, defs, seen) {
  if (Array.isArray(node)) return node.forEach((n) => collectRefs(n, defs, seen));
  if (!node || typeof node !== 'object') return;
  if (typeof node.$ref === 'string') {
    const name = node.$ref.replace('#/definitions/', '');
    if (!defs[name]) throw new Error(`swagger.json: $ref to unknown definition ${name}`);
    if (!seen.has(name)) {
      seen.add(name);
      collectRefs(defs[name], defs, seen);
    }
  }
  for (const v of Object.values(node)) collectRefs(v, defs, seen);
}

const VALUES = new Set(['default', 'enum', 'example', 'required']);

/** Close objects with declared properties (the OpenAPI's own open spots stay open); drop descriptions (size). */
function strictify(node, { crd }) {
  if (Array.isArray(node)) return node.map((n) => strictify(n, { crd }));
  if (!node || typeof node !== 'object') return node;
  const out = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === 'description') continue;
    if (VALUES.has(k) || k.startsWith('x-')) out[k] = v; // data, not schemas
    // Maps of names to schemas: keep the names, convert the schemas.
    else if (k === 'properties' || k === 'definitions' || k === 'patternProperties') out[k] = Object.fromEntries(Object.entries(v).map(([pk, pv]) => [pk, strictify(pv, { crd })]));
    else out[k] = strictify(v, { crd });
  }
  if (crd) {
    // OpenAPI v3 spellings the JSON Schema validator does not know.
    if (out.nullable === true && typeof out.type === 'string') out.type = [out.type, 'null'];
    if (out['x-kubernetes-int-or-string'] === true && !out.anyOf && !out.oneOf) {
      delete out.type;
      out.anyOf = [{ type: 'integer' }, { type: 'string' }];
    }
    // An embedded object always accepts apiVersion, kind and metadata (the API server adds them to its schema).
    if (out['x-kubernetes-embedded-resource'] === true && out.properties) {
      out.properties = { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' }, ...out.properties };
    }
  }
  const open = 'additionalProperties' in out || out['x-kubernetes-preserve-unknown-fields'] === true;
  if (out.properties && !open) out.additionalProperties = false;
  return out;
}

/** swagger.json -> { file: schema } for every kind with a group-version-kind. */
function kubernetesSchemas(swagger) {
  const defs = clone(swagger.definitions);
  // The API server decodes these from numbers too (`cpu: 1`, `port: 8080`); swagger.json only says string.
  defs['io.k8s.apimachinery.pkg.util.intstr.IntOrString'] = { oneOf: [{ type: 'string' }, { type: 'integer' }] };
  defs['io.k8s.apimachinery.pkg.api.resource.Quantity'] = { oneOf: [{ type: 'string' }, { type: 'number' }] };
  const files = {};
  for (const [name, def] of Object.entries(defs)) {
    for (const gvk of def['x-kubernetes-group-version-kind'] ?? []) {
      // Definitions like DeleteOptions list every group; only a kind's own definition is its schema.
      if (!name.endsWith(`.${gvk.kind}`) || !def.properties?.kind) continue;
      const apiVersion = gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version;
      const suffix = gvk.group ? `-${gvk.group.split('.')[0]}-${gvk.version}` : `-${gvk.version}`;
      const file = `${gvk.kind.toLowerCase()}${suffix}.json`.toLowerCase();
      const seen = new Set();
      collectRefs(def, defs, seen);
      const schema = { ...clone(def), definitions: Object.fromEntries([...seen].sort().map((n) => [n, defs[n]])) };
      delete schema['x-kubernetes-group-version-kind'];
      const text = JSON.stringify(strictify(schema, { crd: false }));
      if (files[file] && files[file].apiVersion !== apiVersion) {
        throw new Error(`schema file name collision: ${file} for ${files[file].apiVersion} and ${apiVersion}`);
      }
      files[file] = { text, apiVersion };
    }
  }
  return { files, defs };
}

/** CRD files of one source (a directory means every *.yaml in it), as parsed CRD objects. */
function crdsOf(src) {
  const dir = moduleDir(src.module, src.version);
  const files = src.paths.flatMap((p) => {
    const full = join(dir, p);
    if (p.endsWith('.yaml')) return [full];
    return readdirSync(full).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml').sort().map((f) => join(full, f));
  });
  const docs = files.flatMap((f) => readFileSync(f, 'utf8').split(/^---\s*$/m).filter((d) => /^kind:\s*CustomResourceDefinition\s*$/m.test(d)));
  if (docs.length === 0) throw new Error(`${src.module}@${src.version} carries no CRDs under ${src.paths.join(', ')}`);
  return docs.map((d) => parse(d));
}

/** CRD -> { file: schema } per served version; metadata is checked as the API server does, as ObjectMeta. */
function crdSchemas(crd, defs) {
  const meta = new Set([OBJECT_META]);
  collectRefs(defs[OBJECT_META], defs, meta);
  const metaDefs = Object.fromEntries([...meta].sort().map((n) => [n, defs[n]]));
  const files = {};
  for (const v of crd.spec.versions ?? []) {
    const schema = v.schema?.openAPIV3Schema;
    if (!v.served || !schema) continue;
    const root = strictify(clone(schema), { crd: true });
    root.properties = { ...root.properties, metadata: { $ref: `#/definitions/${OBJECT_META}` } };
    root.definitions = strictify({ definitions: metaDefs }, { crd: false }).definitions;
    files[join(crd.spec.group, `${crd.spec.names.kind.toLowerCase()}_${v.name}.json`)] = JSON.stringify(root);
  }
  return files;
}

/**
 * Write the whole schema set into `dir` (staged, then renamed: a killed run leaves nothing half-written).
 * Returns a summary line.
 */
export function generateSchemas(dir) {
  const stage = `${dir}.tmp-${process.pid}`;
  rmSync(stage, { recursive: true, force: true });
  const swaggerFile = join(moduleDir(K8S_MODULE, K8S.version), SWAGGER);
  if (!existsSync(swaggerFile)) throw new Error(`${K8S_MODULE}@${K8S.version} has no ${SWAGGER}: pick a K8S.version whose module zip carries the OpenAPI`);
  const { files, defs } = kubernetesSchemas(JSON.parse(readFileSync(swaggerFile, 'utf8')));
  mkdirSync(join(stage, 'k8s'), { recursive: true });
  for (const [file, { text }] of Object.entries(files)) writeFileSync(join(stage, 'k8s', file), text);
  const counts = [];
  for (const src of CRD_SOURCES) {
    let n = 0;
    for (const crd of crdsOf(src)) {
      for (const [file, text] of Object.entries(crdSchemas(crd, defs))) {
        mkdirSync(join(stage, 'crds', file, '..'), { recursive: true });
        writeFileSync(join(stage, 'crds', file), text);
        n++;
      }
    }
    counts.push(`${src.name} ${src.version} (${n})`);
  }
  rmSync(dir, { recursive: true, force: true });
  renameSync(stage, dir);
  return `Kubernetes ${K8S.version} (${Object.keys(files).length} kinds); CRDs: ${counts.join(', ')}`;
}
