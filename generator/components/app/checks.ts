// Checks across the chart's own values that the shared rules cannot say: port names as Kubernetes takes them, the
// ports the route, the ServiceMonitor and the probes refer to, and a probe that can run. The generator runs them
// here; the chart's templates/checks.yaml runs the same checks at install time with the same words.

/** The words both times print. */
export const MESSAGES = {
  ianaName: (found: string) => `expected a port name of at most 15 characters, with a letter and without "--" (an IANA service name), found ${found}`,
  duplicateName: (found: string, first: string) => `expected a name no other port has, found ${found}, the name of ${first} too`,
  portRef: (names: string, found: string) => `expected "" (the first port) or the name of a port of ports (${names}), found ${found}`,
  needsPort: (found: string) => `expected "exec" when ports is empty (an HTTP or TCP check needs a port), found ${found}`,
  needsCommand: 'expected a command for the exec check, found none',
};

/** True when a port name that is a DNS label is also an IANA service name (at most 15, a letter, no "--"). */
function isIanaName(name: string): boolean {
  // Digits and "-" stripped from both ends leave something only when a letter is there (the charset is a DNS label's).
  let start = 0;
  let end = name.length;
  const strip = (c: string | undefined) => c !== undefined && (c === '-' || (c >= '0' && c <= '9'));
  while (start < end && strip(name[start])) start += 1;
  while (end > start && strip(name[end - 1])) end -= 1;
  return name.length <= 15 && !name.includes('--') && end > start;
}

interface Problem { path: (string | number)[]; message: string }

interface Checked {
  workload: { kind: string };
  ports: { name: string }[];
  probes: Record<'liveness' | 'readiness' | 'startup', { enabled: boolean }>;
  healthChecks: { port: string; liveness: { type: string; command: string[] }; readiness: { type: string; command: string[] } };
  ingress: { enabled: boolean; port: string };
  metrics: { enabled: boolean; port: string };
}

export function appProblems(v: Checked): Problem[] {
  const out: Problem[] = [];
  const names = v.ports.map((p) => p.name);
  const seen = new Map<string, number>();
  v.ports.forEach((p, i) => {
    if (!isIanaName(p.name)) out.push({ path: ['ports', i, 'name'], message: MESSAGES.ianaName(JSON.stringify(p.name)) });
    const first = seen.get(p.name);
    if (first !== undefined) out.push({ path: ['ports', i, 'name'], message: MESSAGES.duplicateName(JSON.stringify(p.name), `ports[${first}]`) });
    else seen.set(p.name, i);
  });
  const listed = names.join(', ') || 'none';
  const refer = (on: boolean, path: string[], name: string) => {
    if (on && name !== '' && !names.includes(name)) out.push({ path, message: MESSAGES.portRef(listed, JSON.stringify(name)) });
  };
  refer(v.ingress.enabled, ['ingress', 'port'], v.ingress.port);
  refer(v.metrics.enabled, ['metrics', 'port'], v.metrics.port);
  if (v.workload.kind === 'CronJob') return out;
  // The startup probe runs the liveness check.
  const used = {
    liveness: v.probes.liveness.enabled || v.probes.startup.enabled,
    readiness: v.probes.readiness.enabled,
  };
  let network = false;
  for (const probe of ['liveness', 'readiness'] as const) {
    if (!used[probe]) continue;
    const c = v.healthChecks[probe];
    if (c.type === 'exec') {
      if (c.command.length === 0) out.push({ path: ['healthChecks', probe, 'command'], message: MESSAGES.needsCommand });
    } else if (names.length === 0) {
      out.push({ path: ['healthChecks', probe, 'type'], message: MESSAGES.needsPort(JSON.stringify(c.type)) });
    } else {
      network = true;
    }
  }
  refer(network, ['healthChecks', 'port'], v.healthChecks.port);
  return out;
}
