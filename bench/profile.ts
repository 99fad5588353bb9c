// Summarises a V8 .cpuprofile: self time by source area (package or generator folder) and top functions.
// Usage: node --import tsx bench/profile.ts FILE.cpuprofile [top]
import { readFileSync } from 'node:fs';

interface Node { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
interface Profile { nodes: Node[]; samples: number[]; timeDeltas: number[] }

/** "node_modules/zod", "generator/render", "node:internal", ... for a script URL. */
export function area(url: string): string {
  if (!url) return '(native/gc/idle)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return `npm:${rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]}`;
  }
  const g = url.indexOf('/generator/');
  if (g >= 0) return url.slice(g + 1).split('/').slice(0, 2).join('/');
  if (url.startsWith('node:')) return 'node:internal';
  return url.replace(/^file:\/\//, '');
}

export function summarise(path: string, top = 15): string {
  const p = JSON.parse(readFileSync(path, 'utf8')) as Profile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  p.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0)));
  const areas = new Map<string, number>();
  const fns = new Map<string, number>();
  let total = 0;
  for (const [id, us] of self) {
    const n = byId.get(id)!;
    total += us;
    const a = n.callFrame.functionName === '(idle)' ? '(idle)' : area(n.callFrame.url);
    areas.set(a, (areas.get(a) ?? 0) + us);
    const f = `${n.callFrame.functionName || '(anonymous)'} ${a}:${n.callFrame.lineNumber + 1}`;
    fns.set(f, (fns.get(f) ?? 0) + us);
  }
  const fmt = (m: Map<string, number>) =>
    [...m].sort((a, b) => b[1] - a[1]).slice(0, top).map(([k, us]) => `  ${(us / 1000).toFixed(0).padStart(6)} ms  ${((100 * us) / total).toFixed(1).padStart(5)}%  ${k}`).join('\n');
  return `total ${(total / 1000).toFixed(0)} ms\nself time by area:\n${fmt(areas)}\ntop functions (self):\n${fmt(fns)}`;
}

if (process.argv[1]?.endsWith('profile.ts')) {
  for (const f of process.argv.slice(2).filter((a) => a.endsWith('.cpuprofile'))) console.log(`${f}\n${summarise(f, Number(process.argv.at(-1)) || 15)}\n`);
}
