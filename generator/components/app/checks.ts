// Checks across the chart's own values that the shared rules cannot say: port names as Kubernetes takes them, the
// ports the route, the ServiceMonitor and the probes refer to, a probe that can run, and the PromQL pieces of the
// SLOs. The generator runs them here; the chart's templates/checks.yaml runs the same checks at install time with
// the same words (and the same patterns, which Go's RE2 and JavaScript read alike).

/** The words both times print. */
export const MESSAGES = {
  ianaName: (found: string) => `expected a port name of at most 15 characters, with a letter and without "--" (an IANA service name), found ${found}`,
  duplicateName: (found: string, first: string) => `expected a name no other port has, found ${found}, the name of ${first} too`,
  portRef: (names: string, found: string) => `expected "" (the first port) or the name of a port of ports (${names}), found ${found}`,
  needsPort: (found: string) => `expected "exec" when ports is empty (an HTTP or TCP check needs a port), found ${found}`,
  needsCommand: 'expected a command for the exec check, found none',
  metricName: (found: string) => `expected a Prometheus metric name: letters, digits, "_" and ":", not starting with a digit, found ${found}`,
  matchers: (found: string) => `expected PromQL label matchers without braces, such as code=~"5.." or job="api",namespace="shop" (a label name, =, !=, =~ or !~, and a value in double quotes, joined by ","), found ${found}`,
  labelName: (found: string) => `expected a Prometheus label name: letters, digits and "_", not starting with a digit, found ${found}`,
  bucketBound: (found: string) => `expected a histogram bucket bound in seconds as its le label writes it, such as "0.3" or "1.0", found ${found}`,
  days: (found: string) => `expected a number of whole days such as "30d" or "28d", found ${found}`,
};

/** The SLO patterns; templates/_app.tpl.hbs has the same ones (a test refuses each mistake at both times). */
export const PATTERNS = {
  metricName: /^[a-zA-Z_:][a-zA-Z0-9_:]*$/,
  matchers: /^\s*[a-zA-Z_][a-zA-Z0-9_]*\s*(=~|!~|!=|=)\s*"([^"\\]|\\.)*"\s*(,\s*[a-zA-Z_][a-zA-Z0-9_]*\s*(=~|!~|!=|=)\s*"([^"\\]|\\.)*"\s*)*$/,
  labelName: /^[a-zA-Z_][a-zA-Z0-9_]*$/,
  bucketBound: /^[0-9]+(\.[0-9]+)?$/,
  days: /^[1-9][0-9]*d$/,
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
  slo: {
    window: string;
    selector: string;
    availability: { metric: string; errorSelector: string };
    latency: { metric: string; threshold: string };
    alerts: { labels: Record<string, string> };
  };
}

/** The SLO's PromQL pieces, checked whether or not it is on (a value is wrong or right either way). */
function sloProblems(s: Checked['slo']): Problem[] {
  const out: Problem[] = [];
  const check = (path: string[], value: string, pattern: RegExp, message: (found: string) => string, allowEmpty = false) => {
    if (!(allowEmpty && value === '') && !pattern.test(value)) out.push({ path, message: message(JSON.stringify(value)) });
  };
  check(['slo', 'window'], s.window, PATTERNS.days, MESSAGES.days);
  check(['slo', 'selector'], s.selector, PATTERNS.matchers, MESSAGES.matchers, true);
  check(['slo', 'availability', 'metric'], s.availability.metric, PATTERNS.metricName, MESSAGES.metricName);
  check(['slo', 'availability', 'errorSelector'], s.availability.errorSelector, PATTERNS.matchers, MESSAGES.matchers);
  check(['slo', 'latency', 'metric'], s.latency.metric, PATTERNS.metricName, MESSAGES.metricName);
  check(['slo', 'latency', 'threshold'], s.latency.threshold, PATTERNS.bucketBound, MESSAGES.bucketBound);
  for (const key of Object.keys(s.alerts.labels).sort()) check(['slo', 'alerts', 'labels', key], key, PATTERNS.labelName, MESSAGES.labelName);
  return out;
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
  out.push(...sloProblems(v.slo));
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
