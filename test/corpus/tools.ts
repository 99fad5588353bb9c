// What the corpus (and the install-time property) needs around the CLI and Helm: a scratch repository with a
// freshly generated chart set, file hashes, and the problem lines of an error message.
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { allRules } from '../../generator/dsl/rules.ts';
import { cli } from '../helpers/workspace.ts';
import { MODULE_FILE, type PlatformData, basePlatform, moduleSource } from './platform.ts';

export interface ScratchRepo {
  root: string;
  /** Output folder (relative to root) and the lock outside it, as `npm run generate` places them. */
  out: string;
  lock: string;
}

export const GENERATE = (repo: ScratchRepo) => ['generate', '--values', 'values-src', '--out', repo.out, '--lock', repo.lock, '--quiet'];

/** A scratch repository holding the corpus platform and the charts the CLI generated from it. */
export async function freshRepo(platform: PlatformData = basePlatform()): Promise<ScratchRepo> {
  const root = mkdtempSync(join(tmpdir(), 'appgear-corpus-'));
  mkdirSync(join(root, 'values-src'));
  writeFileSync(join(root, MODULE_FILE), moduleSource(platform));
  const repo = { root, out: 'charts', lock: 'Chart.lock' };
  const r = await cli(root, ...GENERATE(repo));
  if (r.exitCode !== 0) throw new Error(`the corpus platform does not generate (exit ${r.exitCode}):\n${r.stderr}`);
  return repo;
}

/** A copy of a scratch repository (each case writes its own values module). */
export function copyRepo(repo: ScratchRepo): ScratchRepo {
  const root = mkdtempSync(join(tmpdir(), 'appgear-corpus-case-'));
  cpSync(repo.root, root, { recursive: true });
  return { ...repo, root };
}

/** sha256 of every file under `dir` (and of `extra` files), keyed by path. */
export function hashTree(dir: string, extra: string[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  const add = (p: string) => (out[relative(dir, p)] = createHash('sha256').update(readFileSync(p)).digest('hex'));
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else add(p);
    }
  };
  if (existsSync(dir)) walk(dir);
  for (const f of extra) if (existsSync(f)) add(f);
  return out;
}

/** Helm prints schema paths as JSON pointers: "/tolerations/0/effect" -> "tolerations[0].effect". */
export const fromPointer = (pointer: string) =>
  pointer.split('/').filter(Boolean).map((k) => (/^\d+$/.test(k) ? `[${k}]` : `.${k}`)).join('').replace(/^\./, '');

/**
 * The value paths an error message reports, one entry per problem: the generator's
 * "  <file>: <path>: ...", the guard's "  - <path>: ...", the schema's "- at '<pointer>': ..." under a chart
 * header (a sub-chart of an umbrella prefixes its alias; "additional/missing property 'k'" name the key),
 * Helm's own "type mismatch on <path>".
 */
export function reportedPaths(stderr: string, rootChart = ''): string[] {
  const paths: string[] = [];
  let header = '';
  let inSchema = false;
  for (const line of stderr.split('\n')) {
    let m: RegExpMatchArray | null;
    if (/don't meet the specifications of the schema/.test(line)) inSchema = true;
    if (inSchema && (m = line.match(/^(\S+):$/))) header = m[1] === rootChart ? '' : `${m[1]}.`;
    else if ((m = line.match(/^- at '([^']*)': (.*)$/))) {
      const at = fromPointer(m[1]!);
      // Keys named in the message itself: unknown ones, and missing ones (a default deleted with `key=null`).
      const extra = m[2]!.match(/^additional propert(?:y|ies) (.*) not allowed$/) ?? m[2]!.match(/^missing propert(?:y|ies) (.*)$/);
      const keys = extra ? [...extra[1]!.matchAll(/'([^']*)'/g)].map((k) => k[1]!) : [''];
      for (const k of keys) paths.push(`${header}${[at, k].filter(Boolean).join('.')}`);
    } else if ((m = line.match(/^ {2}- (?!at ')(.+?): /))) paths.push(m[1]!);
    else if ((m = line.match(/^ {2}\S[^:]*\.ts: (.*?): /))) paths.push(m[1]!);
    else if ((m = line.match(/^Error: chart dependencies processing failed: type mismatch on (\S+):/))) paths.push(m[1]!);
  }
  return paths;
}

/** Problem lines of a generator run: "  <file>: <path>: <message>". */
export const generatorLines = (stderr: string) => stderr.split('\n').filter((l) => /^ {2}\S/.test(l));

/** Text that would show a rule's regular expression instead of words (or a printf placeholder left over). */
export function leaks(stderr: string): string[] {
  const found: string[] = [];
  for (const r of allRules()) {
    const inner = r.pattern.source.replace(/^\^\(/, '').replace(/\)\$$/, '');
    if (stderr.includes(r.pattern.source) || stderr.includes(inner)) found.push(`the pattern of ${r.id}`);
  }
  for (const marker of ['does not match pattern', '^(', ')$', '[a-z0-9]', '[A-Za-z0-9', '[0-9]', '%!', '@@']) {
    if (stderr.includes(marker)) found.push(JSON.stringify(marker));
  }
  return found;
}
