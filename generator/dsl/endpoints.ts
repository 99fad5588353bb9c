// What an instance offers the instances that use it, by kind. A component fills the kinds it serves from its
// resolved values (`provides`); an instance that `uses` it derives its own values from them. Kinds are
// protocols and resources (a PostgreSQL server, StorageClasses), never components: any component that
// serves the kind can stand behind it.

/** How another chart of the same release finds an instance's objects: "<release>-<key>" or fullnameOverride. */
export interface ObjectName {
  /** Umbrella key (alias) of the instance. */
  instance: string;
  /** The instance's fullnameOverride ("" when it sets none). */
  fullnameOverride: string;
}

/** A Secret an instance's clients read: its name ("" = "<fullname>-<suffix>") and the keys it holds. */
export interface SecretEndpoint {
  secretName: string;
  keys: Record<string, string>;
}

export interface Endpoints {
  /** A PostgreSQL server. */
  postgresql: ObjectName & { port: number; database: string; credentials: SecretEndpoint };
  /** A Kafka-API broker set. */
  kafka: ObjectName & { port: number };
  /** An AMQP 0-9-1 broker. */
  amqp: ObjectName & { port: number; credentials: SecretEndpoint };
  /** A RESP (Redis protocol) server. */
  resp: ObjectName & { port: number };
  /** StorageClasses a storage provider creates. */
  storageClasses: { block: string; filesystem: string; bucket: string };
  /** The VolumeSnapshotClass a storage provider creates, and the CSI driver it snapshots. */
  snapshotClass: { name: string; driver: string };
  /** The "data" claims of a StatefulSet ("data-<fullname>-<ordinal>"), for snapshots and backups. */
  claims: ObjectName & { replicas: number; profile: string };
}

export type EndpointKind = keyof Endpoints;

/** Where a used instance runs, when its user is not part of the same release (a suite's workspace releases). */
export interface InstanceAddress {
  /** Release of the module that installs it. */
  release: string;
  /** That module's namespace in the environment. */
  namespace: string;
}

/** One instance an instance uses, with what it provides. */
export interface UsedInstance {
  key: string;
  provides: Partial<Endpoints>;
  /** Set only across releases: the user then needs the full DNS name of the instance's Service. */
  address?: InstanceAddress;
}

/**
 * The in-cluster DNS name of an instance's Service seen from another namespace, the way the library's
 * `names.peer` names it in its own release (fullnameOverride, else the release when it contains the key, else
 * "<release>-<key>"); undefined without an address (same release: the chart names it itself).
 */
export function serviceHost(name: ObjectName, address: InstanceAddress | undefined): string | undefined {
  if (!address) return undefined;
  const fullname = name.fullnameOverride
    || (address.release.includes(name.instance) ? address.release : `${address.release}-${name.instance}`);
  return `${fullname.slice(0, 63).replace(/-+$/, '')}.${address.namespace}.svc.cluster.local`;
}

/** How many used instances must provide a kind: exactly one, or any number. */
export type Need = 'one' | 'any';

/** The providers of `kind` among the used instances. */
export const providersOf = <K extends EndpointKind>(uses: UsedInstance[], kind: K): (Endpoints[K] & { key: string; address?: InstanceAddress })[] =>
  uses.flatMap((u) => {
    const e = u.provides[kind] as Endpoints[K] | undefined;
    return e ? [{ ...e, key: u.key, ...(u.address ? { address: u.address } : {}) }] : [];
  });
