// The `slo` block of the application chart: an availability and a latency objective over the app's request
// metrics, rendered as a PrometheusRule with recording rules per window and multi-window, multi-burn-rate alerts
// (the table of Google's SRE workbook). Shapes the schema cannot say (metric names, label matchers, a bucket bound,
// whole days) are checked in checks.ts, at both times.
import { z } from 'zod';
import { labelMap, labelValue, text } from '../../dsl/primitives.ts';
import { RULES } from '../../dsl/rules.ts';

/** A percentage strictly between 0 and 100: 100 leaves no error budget, 0 promises nothing. */
const objective = (d: number, what: string, example = '') =>
  z.number().gt(0).lt(100).default(d).describe(`Percent of the requests over slo.window that ${what}, above 0 and below 100 (100 minus it is the error budget)${example}`);

const sloAvailability = z.strictObject({
  enabled: z.boolean().default(true).describe('Alert when failed requests burn the error budget (with slo.enabled)'),
  objective: objective(99.9, 'succeed'),
  metric: z.string().default('http_requests_total').describe('Counter of the requests served (a Prometheus metric name)'),
  errorSelector: z.string().default('code=~"5.."').describe('Label matchers, without braces, that pick the failed requests of that counter'),
}).prefault({});

const sloLatency = z.strictObject({
  enabled: z.boolean().default(false).describe('Alert when requests slower than threshold burn the budget (with slo.enabled)'),
  objective: objective(95, 'answer within threshold', '; 95 with threshold "0.3" is "p95 under 300 ms"'),
  threshold: z.string().default('0.3').describe('Seconds: the upper bound of a bucket of the histogram, written as its le label is (e.g. "0.3"; some clients write "1.0" for 1)'),
  metric: z.string().default('http_request_duration_seconds_bucket').describe('Buckets of the request duration histogram in seconds; its le="+Inf" bucket counts every request'),
}).prefault({});

export const sloValues = z.strictObject({
  enabled: z.boolean().default(false).describe('Render a PrometheusRule with the SLOs\' recording rules and burn-rate alerts (needs global.capabilities.prometheusOperator; a Deployment or a StatefulSet)'),
  window: z.string().default('30d').describe('Period the objectives hold over, in whole days (e.g. "30d", "28d"); the alerts measure how fast its error budget is spent'),
  selector: z.string().default('').describe('Label matchers, without braces, that pick the application\'s series in both SLOs ("" = job="<fullname>",namespace="<release namespace>", the labels its ServiceMonitor\'s targets get)'),
  availability: sloAvailability,
  latency: sloLatency,
  alerts: z.strictObject({
    pageSeverity: labelValue().default('critical').describe('severity label of the alerts that page: 2% of the budget spent in 1h, or 5% in 6h'),
    ticketSeverity: labelValue().default('warning').describe('severity label of the alerts that open a ticket: 10% of the budget spent in 1d, or in 3d'),
    labels: z.record(z.string(), labelValue()).default({}).describe('More labels on every alert (Prometheus label names, e.g. team)'),
    runbookUrl: text(RULES.httpUrl, { allowEmpty: true }).default('').describe('runbook_url annotation of every alert ("" = none)'),
  }).prefault({}),
  labels: labelMap().default({}).describe('Extra PrometheusRule labels (e.g. the one a Prometheus selects with its ruleSelector)'),
}).prefault({});

export type SloValues = z.output<typeof sloValues>;
