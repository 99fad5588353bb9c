// Chart.lock in Helm's format, with the digest Helm computes (so `helm dependency build` accepts it).
import { createHash } from 'node:crypto';
import { parse, stringify } from 'yaml';
import { GENERATED_BY } from './header.ts';
import { YAML_OPTIONS } from './renderValuesYaml.ts';

export interface LockDependency {
  name: string;
  version: string;
  repository: string;
  condition?: string;
  alias?: string;
}

/** Helm hashes json.Marshal([Chart.yaml dependencies, lock dependencies]) with Go's field order and omitempty. */
export function lockDigest(requested: LockDependency[], locked: LockDependency[]): string {
  const goJson = (d: LockDependency) => {
    const o: Record<string, unknown> = { name: d.name };
    if (d.version) o.version = d.version;
    o.repository = d.repository;
    if (d.condition) o.condition = d.condition;
    if (d.alias) o.alias = d.alias;
    return o;
  };
  const data = JSON.stringify([requested.map(goJson), locked.map(goJson)]);
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

/** `generated` is fixed: the lock must be byte-identical across runs. */
export const LOCK_GENERATED = '1970-01-01T00:00:00Z';

/** Led by the generated mark as a comment: Helm reads the lock as YAML, so comments are ignored. */
export function renderChartLock(requested: LockDependency[]): string {
  const locked = requested.map(({ name, version, repository }) => ({ name, repository, version }));
  return `# ${GENERATED_BY}\n${stringify({ dependencies: locked, digest: lockDigest(requested, locked), generated: LOCK_GENERATED }, YAML_OPTIONS)}`;
}

/**
 * A chart's lock with, per dependency, the sha256 of the archive it is packaged with (in a registry: the digest
 * of the chart's layer). Helm ignores fields it does not know in Chart.lock, and its lock digest covers only
 * the fields it knows, so the lock stays valid for `helm dependency build`.
 */
export function addArchiveDigests(lock: string, archives: Map<string, string>, file = 'Chart.lock'): string {
  const comment = /^(#[^\n]*\n)*/.exec(lock)![0];
  const doc = parse(lock) as { dependencies: LockDependency[]; digest: string; generated: string };
  const dependencies = doc.dependencies.map((d) => {
    const digest = archives.get(`${d.name}-${d.version}`);
    if (!digest) throw new Error(`${file}: dependency ${d.name} ${d.version} has no packaged archive; expected it to be packaged first`);
    return { ...d, digest };
  });
  return `${comment}${stringify({ ...doc, dependencies }, YAML_OPTIONS)}`;
}
