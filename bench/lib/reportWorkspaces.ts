// The workspaces section of bench/results.md and the summary: generation, the suite-mode ApplicationSet, one
// workspace's Application and the two designs of per-workspace values, side by side over the workspace counts.
import { fit, mib, msOrNa as f, ratio as x, size, table } from './measure.ts';

export interface WorkspaceResult {
  name: string; workspaces: number; reps: number;
  /** Workspaces with a release of the suite measured, its name, the environment rendered, the workspace whose Application is rendered. */
  releases: number; suite: string; environment: string; workspace: string;
  /** Generation: files and bytes of charts/, the bootstrap's values.yaml alone; medians. */
  files: number; bytes: number; valuesBytes: number; inprocMs: number; cliMs: number; rssKiB: number;
  /** `helm template` of the bootstrap in suite mode: the ApplicationSet and the bytes of its list elements. */
  suiteMode: { ms: number; runs: number; bytes: number; elementBytes: number; note: string };
  /** `helm template` of one workspace's Application: the suite chart with its merged values. */
  app: { ms: number; bytes: number; objects: number };
  /** The design not used: one values file per workspace (plain writes, in-process and process wall). */
  valuesFiles: { files: number; bytes: number; writeMs: number; wallMs: number };
}

/** etcd's default request size limit (--max-request-bytes), which bounds one Kubernetes object. */
const ETCD_LIMIT = 1.5 * 2 ** 20;

export function reportWorkspaces(ws: WorkspaceResult[]) {
  const base = ws[0]!;
  const last = ws.at(-1)!;
  const gen = table(
    ['platform', 'files', 'charts/ bytes', 'bootstrap values.yaml', `values.yaml vs ${base.workspaces}`, 'in-process renderAll+write', `vs ${base.workspaces}`, 'CLI process wall', `vs ${base.workspaces}`, 'CLI peak RSS'],
    ws.map((w) => [w.name, w.files, size(w.bytes), size(w.valuesBytes), x(w.valuesBytes, base.valuesBytes), f(w.inprocMs), x(w.inprocMs, base.inprocMs), f(w.cliMs), x(w.cliMs, base.cliMs), mib(w.rssKiB)]),
  );
  const helm = table(
    ['workspaces', 'suite mode: template', `vs ${base.workspaces}`, 'ApplicationSet bytes', `vs ${base.workspaces}`, `one workspace's Application (${base.workspace}): template`, `vs ${base.workspaces}`, 'its bytes', `vs ${base.workspaces}`, 'its objects'],
    ws.map((w) => [w.workspaces, w.suiteMode.runs ? f(w.suiteMode.ms) : w.suiteMode.note, x(w.suiteMode.ms, base.suiteMode.ms), size(w.suiteMode.bytes), x(w.suiteMode.bytes, base.suiteMode.bytes),
      f(w.app.ms), x(w.app.ms, base.app.ms), size(w.app.bytes), x(w.app.bytes, base.app.bytes), w.app.objects]),
  );
  const designs = table(
    ['workspaces', 'list-generator elements (used)', 'per element', 'per-workspace values files', 'bytes', 'per file', 'write (in-process)', 'process wall'],
    ws.map((w) => [w.workspaces, size(w.suiteMode.elementBytes), `${(w.suiteMode.elementBytes / w.releases).toFixed(0)} B`, w.valuesFiles.files, size(w.valuesFiles.bytes),
      `${(w.valuesFiles.bytes / w.valuesFiles.files).toFixed(0)} B`, f(w.valuesFiles.writeMs), f(w.valuesFiles.wallMs)]),
  );
  const measured = ws.filter((w) => w.suiteMode.runs);
  const line = measured.length >= 2 ? fit(measured.map((w) => w.workspaces), measured.map((w) => w.suiteMode.bytes)) : undefined;
  const limit = line && line.slope > 0
    ? ` At ${(line.slope / 1024).toFixed(2)} KiB per workspace (least squares, R² ${line.r2.toFixed(4)}), one suite's ApplicationSet for one environment and cluster reaches etcd's default request limit of 1.5 MiB, which bounds one Kubernetes object, at about ${Math.floor((ETCD_LIMIT - line.intercept) / line.slope).toLocaleString('en-US')} workspaces (its spec only; Argo CD adds status per Application).`
    : '';
  const markdown = `## Workspaces

The reference platform with N workspaces of its \`${base.suite}\` suite over 4 tenants (bench/lib/platforms.ts). Medians of ${base.reps} runs (${last.reps} at ${last.workspaces.toLocaleString('en-US')} workspaces), in interleaved rounds (ours, ours CLI, helm suite mode, helm one workspace, per-workspace values files). Ratios here are against ${base.workspaces} workspaces.
Suite mode is \`helm template\` of the bootstrap chart as a suite Application renders it (\`render.suite=${base.suite}\`, environment ${base.environment}): one ApplicationSet whose list generator has an element per workspace. One workspace's Application is \`helm template\` of the ${base.suite} chart with the values Argo CD gives workspace ${base.workspace} (the suite's, the environment's global, the workspace's own), the same workspace at every N.

${gen}

${helm}

The product uses **list-generator elements with templatePatch**: each element carries the workspace's id, tenant and own values (JSON), and Argo CD merges them over the suite's and the environment's values when it renders each Application. The other design, measured here without being implemented, writes one values file per workspace (\`<id>/${base.suite}.yaml\` with its own values, what an Argo CD git files generator would read; bench/child/workspace-files.mjs, plain writes like the floor).

${designs}

At ${last.workspaces.toLocaleString('en-US')} workspaces: list elements ${size(last.suiteMode.elementBytes)} in an ApplicationSet of ${size(last.suiteMode.bytes)} (helm template ${f(last.suiteMode.ms)}), against ${last.valuesFiles.files} files of ${size(last.valuesFiles.bytes)} written in ${f(last.valuesFiles.writeMs)}. One workspace's Application: ${x(last.app.ms, base.app.ms)} the time and ${x(last.app.bytes, base.app.bytes)} the bytes of ${base.workspaces} workspaces.${limit}
`;
  const summary = ['Workspaces', gen, '', helm, '', designs].join('\n');
  return { markdown, summary };
}
