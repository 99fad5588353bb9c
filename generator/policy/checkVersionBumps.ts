// A chart whose content changed must change its version: Argo CD, OCI registries and `ct` key on it.
// Compares the rendered Chart.yaml files with the ones already on disk (the previous generation) and,
// when that comparison objects, with the last commit: a version already bumped since the last commit
// covers every further edit until the next one.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import type { ChartSet } from '../model/buildChartSet.ts';
import { CONTENT_DIGEST } from '../render/renderChartYaml.ts';
import type { FileMap } from '../render/renderSubchart.ts';
import type { ValueProblem } from '../validate/formatIssues.ts';

interface ChartHead { version?: string; digest?: string }

const VERSION_LINE = /^version: ['"]?([^'"\s]+)/m;
const DIGEST_LINE = new RegExp(`^  ${CONTENT_DIGEST.replaceAll('.', '\\.')}: ['"]?(sha256:[0-9a-f]{64})`, 'm');

/** Version and digest of a Chart.yaml this generator wrote (read by line: a YAML parse cost ~40 ms a run). */
function head(text: string | undefined): ChartHead {
  if (!text) return {};
  return { version: VERSION_LINE.exec(text)?.[1], digest: DIGEST_LINE.exec(text)?.[1] };
}

function readOrUndefined(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** Chart.yaml as committed in HEAD (path relative to `cwd`), or undefined without git, a commit or the file. */
function committed(cwd: string, path: string): string | undefined {
  const r = spawnSync('git', ['show', `HEAD:./${path}`], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  return r.status === 0 ? r.stdout : undefined;
}

/**
 * One problem per chart whose digest changed while its version stayed; charts never generated pass.
 * Git is asked only about charts that would otherwise be refused.
 */
export function checkVersionBumps(set: ChartSet, files: FileMap, outDir: string, cwd: string): ValueProblem[] {
  const sources = [
    ...set.subcharts.map((s) => ({ name: s.name, file: `generator/components/${s.component.spec.id}/index.ts`, path: 'chart.version' })),
    ...set.umbrellas.map((u) => ({ name: u.name, file: u.sourceFile, path: 'version' })),
  ];
  const problems: ValueProblem[] = [];
  for (const { name, file, path } of sources) {
    const onDisk = resolve(cwd, outDir, name, 'Chart.yaml');
    const before = head(readOrUndefined(onDisk));
    const after = head(files.get(`${outDir}/${name}/Chart.yaml`));
    if (before.digest && before.digest !== after.digest && before.version === after.version) {
      const last = head(committed(cwd, relative(cwd, onDisk)));
      // Bumped since the last commit (nothing released under this version yet), or back to what is committed.
      if (last.version && (last.version !== after.version || last.digest === after.digest)) continue;
      problems.push({
        file,
        path,
        message: `chart ${name} changed (content ${before.digest.slice(7, 19)} -> ${after.digest?.slice(7, 19)}) but its version ${after.version} did not; expected a higher version`,
      });
    }
  }
  return problems;
}
