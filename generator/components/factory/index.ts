// The Factory suite of one workspace (module 09): the code-server CDE on a ReadWriteMany Ceph Filesystem claim,
// the native build service publishing to S3, and the multiplayer WebSocket gateway on Redis and Redpanda; routed
// only through Kong, secrets only from Vault, scaled to zero by KEDA. One chart, installed once per workspace
// (namespace ws-<workspace>-factory) with the workspace's tenant and id in `global`.
import { defineComponent, externalSecretRule, type DeriveContext } from '../../dsl/component.ts';
import { providersOf, serviceHost } from '../../dsl/endpoints.ts';
import { readme } from './readme.ts';
import { type FactoryValues, factoryValues } from './values.ts';

const CHART = 'factory';
const CREDENTIALS = 'builder.artifacts.credentials';

/**
 * The multiplayer gateway's Redis and Redpanda, from the RESP server and the Kafka-API broker set it uses
 * (exactly one of each; with several, that one is left to the values). A workspace release is not part of the
 * release it uses, so only an instance with an address (where its module runs in an environment) derives
 * anything: its Service's full DNS name and port.
 */
function derive({ uses }: DeriveContext) {
  const out: { multiplayer?: Record<string, unknown> } = {};
  const [resp, ...moreResp] = providersOf(uses, 'resp');
  const redisHost = resp && moreResp.length === 0 ? serviceHost(resp, resp.address) : undefined;
  if (redisHost) out.multiplayer = { redis: { host: redisHost, port: resp!.port } };
  const [kafka, ...moreKafka] = providersOf(uses, 'kafka');
  const kafkaHost = kafka && moreKafka.length === 0 ? serviceHost(kafka, kafka.address) : undefined;
  if (kafkaHost) out.multiplayer = { ...out.multiplayer, redpanda: { brokers: [{ host: kafkaHost, port: kafka!.port }] } };
  return out;
}

const kedaPart = (what: string, part: string) => ({
  what: `the KEDA ScaledObject of ${what}`, needs: 'global.capabilities.keda', when: `${part}.keda.enabled`,
});

export const factory = defineComponent({
  id: 'factory',
  chart: {
    name: CHART,
    version: '0.1.1',
    appVersion: '0.1.0',
    title: 'AppGear Factory suite',
    description: 'The Factory suite of one AppGear workspace: code-server CDE, native build service and multiplayer gateway, behind Kong, with Vault secrets and KEDA scale to zero.',
    keywords: ['factory', 'code-server', 'cde', 'builder', 'websocket', 'appgear'],
    category: 'integration-delivery',
    home: 'https://appgear.io',
    maintainers: [{ name: 'AppGear Platform Team', email: 'platform@appgear.io' }],
  },
  values: factoryValues,
  templatesDir: new URL('./templates/', import.meta.url),
  capabilities: {
    workloads: ['Deployment'],
    // Three Deployments with a Service each: the chart's templates write them, not the shared single Service.
    ports: [],
    secrets: [{ path: CREDENTIALS, suffix: 's3', enabledBy: 'builder.enabled' }],
    images: ['codeServer.image', 'builder.image', 'multiplayer.image'],
    crds: ['keda.sh/v1alpha1/ScaledObject', 'external-secrets.io/v1/ExternalSecret'],
    podSecurity: { level: 'restricted' },
    // What a workspace picks (the platform's workspaces[].suites.<suite>.parts), and its backup switch.
    workspace: { parts: ['codeServer', 'builder', 'multiplayer'], backup: 'backup.enabled' },
    rules: [externalSecretRule(CREDENTIALS)],
    gated: [kedaPart('code-server', 'codeServer'), kedaPart('the build service', 'builder'), kedaPart('the multiplayer gateway', 'multiplayer')],
  },
  derive,
  notes: `{{ include "${CHART}.notes" . }}`,
  readme: (defaults) => readme(defaults as FactoryValues),
  scenarios: {
    // A workspace of tenant acme with KEDA, the S3 credentials from Vault through an ExternalSecret.
    'tenant-acme': {
      global: { tenantId: 'acme', workspaceId: 'ws-alpha', capabilities: { keda: true, externalSecrets: true } },
      builder: { artifacts: { credentials: { externalSecret: { enabled: true, remoteKey: 'kv/acme/ws-alpha/addon-factory-tauri/s3' } } } },
    },
    // A workspace of another tenant that is not backed up, without the multiplayer gateway, on its own host.
    'tenant-globex-no-backup': {
      global: { tenantId: 'globex', workspaceId: 'ws-beta', capabilities: { keda: true } },
      backup: { enabled: false },
      multiplayer: { enabled: false },
      ingress: { host: 'beta.factory.globex.example.com', tlsSecretName: 'factory-globex-tls' },
    },
    // Without KEDA: fixed replicas, no ScaledObject; the CDE alone.
    'keda-off': {
      global: { tenantId: 'acme', workspaceId: 'ws-gamma' },
      builder: { enabled: false },
      multiplayer: { enabled: false },
      codeServer: { replicas: 1 },
    },
  },
});
