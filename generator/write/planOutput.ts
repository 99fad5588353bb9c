// What a run has to do to an output folder: which files change, which owned files go, which files in
// the way are not the generator's. Reads the disk, writes nothing; generate and --check share it.
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { byCodeUnit, carriesMarker, readManifest, renderManifest } from './manifest.ts';
import { MANIFEST, TRANSIENT_PREFIX, isOutside, outRelative, showPath } from './outputPaths.ts';
import { errorCode, fsFailure, WriteError } from './writeError.ts';

export interface PlannedFile {
  /** Relative to the output folder ("core-redis/values.yaml", "../Chart.lock"). */
  rel: string;
  abs: string;
  body: string;
  /** A file is there now (with other content). */
  exists: boolean;
  /** That file is the generator's: in the manifest, or (no manifest yet) carrying its mark. */
  owned: boolean;
}

export interface OutputPlan {
  out: string;
  /** New or changed files, the manifest last (published last). */
  writes: PlannedFile[];
  /** Owned files no longer generated, still on disk. */
  removes: { rel: string; abs: string }[];
  /** Writes over files that are not the generator's: refused unless --force. */
  conflicts: PlannedFile[];
  unchanged: number;
  /** Paths the new manifest lists (the generated files). */
  owned: Set<string>;
}

type Found = { kind: 'none' } | { kind: 'file'; text: string } | { kind: 'other' };

function look(abs: string, cwd: string): Found {
  try {
    const st = lstatSync(abs);
    if (st.isDirectory()) return { kind: 'other' };
    return { kind: 'file', text: readFileSync(abs, 'utf8') };
  } catch (err) {
    if (errorCode(err) === 'ENOENT') return { kind: 'none' };
    if (errorCode(err) === 'ENOTDIR') {
      throw new WriteError(`cannot write ${showPath(cwd, abs)}: a part of its path is a file, not a folder; move that file away or choose another --out`);
    }
    throw fsFailure(`read ${showPath(cwd, abs)}`, err);
  }
}

/** `files` maps absolute paths to content (every path inside `out`, except a lock placed elsewhere). */
export function planOutput(files: Map<string, string>, out: string, cwd: string): OutputPlan {
  const previous = readManifest(out, cwd);
  const plan: OutputPlan = { out, writes: [], removes: [], conflicts: [], unchanged: 0, owned: new Set() };
  for (const [abs, body] of files) {
    const rel = outRelative(out, abs);
    if (rel === MANIFEST || rel.startsWith(TRANSIENT_PREFIX)) throw new WriteError(`cannot write ${showPath(cwd, abs)}: the name is reserved for the generator's own records; choose another --lock`);
    plan.owned.add(rel);
    const found = look(abs, cwd);
    if (found.kind === 'other') {
      throw new WriteError(`cannot write ${showPath(cwd, abs)}: a folder is in the way, expected a file; move it away`);
    }
    if (found.kind === 'file' && found.text === body) {
      plan.unchanged++;
      continue;
    }
    const exists = found.kind === 'file';
    const owned = exists && (previous ? previous.has(rel) : carriesMarker(found.text, rel));
    const file = { rel, abs, body, exists, owned };
    plan.writes.push(file);
    if (exists && !owned) plan.conflicts.push(file);
  }
  for (const rel of [...(previous ?? [])].sort(byCodeUnit)) {
    if (plan.owned.has(rel)) continue;
    const abs = resolve(out, rel);
    const found = look(abs, cwd);
    // Outside the folder, a manifest entry alone is not enough: the file must still carry the mark.
    if (found.kind === 'file' && (!isOutside(rel) || carriesMarker(found.text, rel))) plan.removes.push({ rel, abs });
  }
  if (!previous) plan.removes.push(...staleGenerated(plan, cwd));
  const manifest = renderManifest(plan.owned);
  const at = join(out, MANIFEST);
  const current = look(at, cwd);
  if (current.kind !== 'file' || current.text !== manifest) {
    plan.writes.push({ rel: MANIFEST, abs: at, body: manifest, exists: current.kind === 'file', owned: true });
  }
  return plan;
}

/** Every file under `dir` (relative to `out`); `skip` leaves out entries of the folder itself. */
function filesUnder(dir: string, out: string, cwd: string, skip: (name: string) => boolean = () => false): { rel: string; abs: string }[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    if (errorCode(err) === 'ENOENT' || errorCode(err) === 'ENOTDIR') return [];
    throw fsFailure(`read ${showPath(cwd, dir, true)}`, err);
  }
  return entries.filter((e) => !skip(e.name)).flatMap((e) => {
    const abs = join(dir, e.name);
    if (e.isDirectory()) return filesUnder(abs, out, cwd);
    return e.isFile() ? [{ rel: outRelative(out, abs), abs }] : [];
  });
}

/**
 * First run on a folder written before manifests: files of an earlier generator version inside the chart
 * folders it writes now (they carry its mark) that it no longer generates. Anything unmarked stays.
 */
function staleGenerated(plan: OutputPlan, cwd: string): { rel: string; abs: string }[] {
  const charts = [...new Set([...plan.owned].filter((rel) => !isOutside(rel) && rel.includes('/')).map((rel) => rel.split('/')[0]!))].sort(byCodeUnit);
  return charts
    .flatMap((chart) => filesUnder(join(plan.out, chart), plan.out, cwd))
    .filter(({ rel, abs }) => {
      if (plan.owned.has(rel)) return false;
      const found = look(abs, cwd);
      return found.kind === 'file' && carriesMarker(found.text, rel);
    })
    .sort((a, b) => byCodeUnit(a.rel, b.rel));
}

/** Files in the folder the generator neither makes nor owns (listed by --check as left alone). */
export function unownedFiles(plan: OutputPlan, cwd: string): string[] {
  const previous = readManifest(plan.out, cwd) ?? new Set<string>();
  const ours = (name: string) => name === MANIFEST || name.startsWith(TRANSIENT_PREFIX) || name === '.git';
  return filesUnder(plan.out, plan.out, cwd, ours)
    .map((f) => f.rel)
    .filter((rel) => !plan.owned.has(rel) && !previous.has(rel))
    .sort(byCodeUnit);
}
