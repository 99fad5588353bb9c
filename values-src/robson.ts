// An example platform: the Robson trading system as the staging document (seed 004, "Arquitetura de Staging -
// Isolamento Completo") describes it. Its own PostgreSQL, Redis and RabbitMQ, the Django backend, the React
// frontend and the stop monitor, installed once per environment into its own namespace (staging: "staging",
// production: "robson"). values.yaml is production; values-staging.yaml holds what the document's
// "Diferenças Staging vs Production" table and its component sections change for staging.
//
// Left out: the Rust WebSocket service (section 7) is "Fase 2", not built yet; ws.staging.rbx.ia.br only
// appears in the frontend's VITE_WS_URL. The document's image for PostgreSQL (paradedb/paradedb:latest) is not
// pinned, so the postgres component keeps its own pinned image. No storage instance: the claims use the
// cluster's default StorageClass (local-path on the document's k3s). Argo CD installs each environment through
// the bootstrap chart charts/robson-bootstrap (`delivery`).
//
// Isolation ("Isolamento Total"): the instance `isolation` closes the namespace it is installed into (Pod Security
// restricted, default-deny NetworkPolicies, the document's ResourceQuota and a LimitRange). Inside the namespace
// nothing is allowed wholesale: each app's NetworkPolicy allows exactly the instances it `uses`, so the frontend
// cannot reach PostgreSQL. The generator checks that everything fits the quota of each environment.
// Secrets come from Vault through ExternalSecrets, under a path of each environment's own ("robson/<env>/..."):
// the generator refuses two environments that share a Vault path or a host.
import { app, definePlatform, isolation, postgres, rabbitmq, redis } from 'appgear-charts';

/** The backend monolith's image; the stop monitor runs the same build. */
const backendImage = { registry: 'ghcr.io', repository: 'ldamasio/rbs-backend-monolith' };
/** Image tags: production builds are "sha-<SHA>", staging builds "staging-<SHA>" (section "Tags de Imagem"). */
const tags = { production: 'sha-8c1d2e4', staging: 'staging-8c1d2e4' };

/** The Vault path of a secret of an environment (KV under the store "vault"). */
const vault = (environment: string, name: string) => ({ enabled: true, remoteKey: `robson/${environment}/${name}` });

/** The database URL Django reads, from the connection variables derived from the postgres instance. */
const databaseUrl = { name: 'DATABASE_URL', value: 'postgres://$(POSTGRES_USER):$(POSTGRES_PASSWORD)@$(POSTGRES_HOST):$(POSTGRES_PORT)/$(POSTGRES_DATABASE)' };

/** The backend's variables in an environment (a list: an environment replaces it whole). */
const backendEnv = (environment: string, apiHost: string) => [
  { name: 'ENVIRONMENT', value: environment },
  { name: 'DEBUG', value: 'False' },
  { name: 'ALLOWED_HOSTS', value: apiHost },
  databaseUrl,
  { name: 'REDIS_URL', value: 'redis://$(REDIS_HOST):$(REDIS_PORT)/0' },
  { name: 'RABBITMQ_URL', value: 'amqp://$(RABBITMQ_USER):$(RABBITMQ_PASSWORD)@$(RABBITMQ_HOST):$(RABBITMQ_PORT)' },
];

/** The frontend's variables: where the browser finds the API and the WebSocket service. */
const frontendEnv = (apiHost: string, wsHost: string) => [
  { name: 'VITE_API_URL', value: `https://${apiHost}` },
  { name: 'VITE_WS_URL', value: `wss://${wsHost}` },
];

export default definePlatform({
  name: 'robson',
  version: '0.2.0',
  description: 'The Robson trading platform: PostgreSQL, Redis and RabbitMQ of its own, the Django backend, the React frontend and the stop monitor, per environment.',
  home: 'https://rbx.ia.br',
  maintainers: [{ name: 'Robson Platform Team' }],
  global: {
    tenantId: 'robson',
    topology: 'B',
    environment: 'production',
    // Routing is by host through the mesh ingress; credentials are Secrets that ExternalSecrets create from Vault.
    // cert-manager issues each environment's certificates; the Prometheus Operator scrapes the backend and
    // evaluates its SLO alerts.
    capabilities: { istio: true, externalSecrets: true, certManager: true, prometheusOperator: true },
  },
  components: {
    // The namespace's isolation. Production's quota holds production's sizes (5.3 CPUs and 11.6Gi requested);
    // staging has the document's (4 CPUs, 8Gi).
    isolation: isolation({
      networkPolicies: { allowSameNamespace: { enabled: false }, allowFromMonitoring: { enabled: true } },
      quota: { hard: { 'requests.cpu': '8', 'requests.memory': '16Gi', persistentvolumeclaims: 10 } },
    }),
    // Credentials from the Secret of each environment (keys as the document's Secret has them).
    postgres: postgres({
      database: 'robson',
      credentials: {
        secretName: 'postgres-production',
        keys: { username: 'POSTGRES_USER', password: 'POSTGRES_PASSWORD' },
        externalSecret: vault('production', 'postgres'),
      },
      persistence: { size: '50Gi' },
    }),
    redis: redis({
      persistence: { size: '20Gi' },
    }),
    // The difference table lists no RabbitMQ size: the same in both environments.
    rabbitmq: rabbitmq({
      credentials: { secretName: 'rabbitmq-production', externalSecret: vault('production', 'rabbitmq') },
      erlangCookie: { secretName: 'rabbitmq-cookie-production', externalSecret: vault('production', 'rabbitmq-cookie') },
      persistence: { size: '5Gi' },
    }),
    // The Django monolith: connections to the three datastores are derived (POSTGRES_*, REDIS_*, RABBITMQ_*),
    // and its NetworkPolicy allows exactly those; the URLs the application reads are built from them.
    backend: app({
      image: { ...backendImage, tag: tags.production },
      workload: { replicas: 3 },
      ports: [{ name: 'http', containerPort: 8000 }],
      resources: { requests: { cpu: '1000m', memory: '2Gi' }, limits: { cpu: '1000m', memory: '2Gi' } },
      // Django answers only the hosts of ALLOWED_HOSTS (the pod IP, the kubelet's default Host, gets 400): the
      // readiness GET sends the API host.
      healthChecks: { readiness: { host: 'api.rbx.ia.br' } },
      env: backendEnv('production', 'api.rbx.ia.br'),
      // SECRET_KEY and the Binance keys (testnet in staging).
      envFrom: { secrets: ['django-production'] },
      ingress: { enabled: true, host: 'api.rbx.ia.br', tlsSecretName: 'api-rbx-ia-br-tls' },
      // django-prometheus on the API port; the SLOs of the container table (seed 003): 99.9% of requests
      // succeed, 95% within 300 ms, over 30 days.
      metrics: { enabled: true, port: 'http' },
      slo: { enabled: true, availability: { objective: 99.9 }, latency: { enabled: true, objective: 95, threshold: '0.3' } },
      pdb: { maxUnavailable: 1 },
      antiAffinity: 'soft',
    }, { uses: ['postgres', 'redis', 'rabbitmq'] }),
    frontend: app({
      image: { registry: 'ghcr.io', repository: 'ldamasio/rbs-frontend', tag: tags.production },
      workload: { replicas: 2 },
      ports: [{ name: 'http', containerPort: 3000 }],
      resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: '500m', memory: '1Gi' } },
      env: frontendEnv('api.rbx.ia.br', 'ws.rbx.ia.br'),
      ingress: { enabled: true, host: 'rbx.ia.br', tlsSecretName: 'rbx-ia-br-tls' },
    }),
    // Every minute in both environments, one run at a time; it reads the stops from PostgreSQL.
    stopmonitor: app({
      workload: { kind: 'CronJob', schedule: '*/1 * * * *', concurrencyPolicy: 'Forbid', activeDeadlineSeconds: 55, backoffLimit: 0 },
      image: { ...backendImage, tag: tags.production },
      command: ['python', 'manage.py', 'monitor_stops'],
      ports: [],
      env: [{ name: 'ENVIRONMENT', value: 'production' }, databaseUrl],
    }, { uses: ['postgres'] }),
  },
  environments: {
    // Smaller sizes, fewer replicas, staging hosts, staging builds, its own Secrets and database.
    staging: {
      components: {
        // The document's quota (the chart's defaults): production's would hide a staging that outgrew it.
        isolation: { quota: { hard: { 'requests.cpu': '4', 'requests.memory': '8Gi' } } },
        postgres: {
          database: 'robson_staging',
          credentials: { secretName: 'postgres-staging', externalSecret: vault('staging', 'postgres') },
          persistence: { size: '10Gi' },
        },
        rabbitmq: {
          credentials: { secretName: 'rabbitmq-staging', externalSecret: vault('staging', 'rabbitmq') },
          erlangCookie: { secretName: 'rabbitmq-cookie-staging', externalSecret: vault('staging', 'rabbitmq-cookie') },
        },
        redis: { persistence: { size: '5Gi' } },
        backend: {
          image: { tag: tags.staging },
          workload: { replicas: 2 },
          resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: '500m', memory: '1Gi' } },
          env: backendEnv('staging', 'api.staging.rbx.ia.br'),
          envFrom: { secrets: ['django-staging'] },
          healthChecks: { readiness: { host: 'api.staging.rbx.ia.br' } },
          ingress: { host: 'api.staging.rbx.ia.br', tlsSecretName: 'api-staging-rbx-ia-br-tls' },
        },
        frontend: {
          image: { tag: tags.staging },
          workload: { replicas: 1 },
          resources: { requests: { cpu: '200m', memory: '512Mi' }, limits: { cpu: '200m', memory: '512Mi' } },
          env: frontendEnv('api.staging.rbx.ia.br', 'ws.staging.rbx.ia.br'),
          ingress: { host: 'staging.rbx.ia.br', tlsSecretName: 'staging-rbx-ia-br-tls' },
        },
        stopmonitor: {
          image: { tag: tags.staging },
          env: [{ name: 'ENVIRONMENT', value: 'staging' }, databaseUrl],
        },
      },
    },
    // values.yaml is production already.
    production: {},
  },
  // How Argo CD installs it (charts/robson-bootstrap): from this repository, the umbrella released as "robson",
  // staging into namespace "staging" of the cluster Argo CD runs in, production into "robson" of the clusters
  // labelled appgear.io/environment=production; each environment's AppProject allows only its own namespace.
  delivery: {
    source: { kind: 'git', repoURL: 'https://github.com/ldamasio/robson-platform.git', targetRevision: 'main', path: 'charts/robson' },
    modules: { robson: { releaseName: 'robson', namespace: 'robson' } },
    environments: {
      staging: {
        generator: { kind: 'list', clusters: [{ name: 'in-cluster', server: 'https://kubernetes.default.svc' }] },
        namespaces: { robson: 'staging' },
      },
      production: { generator: { kind: 'cluster' } },
    },
  },
});
