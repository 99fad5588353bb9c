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

/** One instance an instance uses, with what it provides. */
export interface UsedInstance {
  key: string;
  provides: Partial<Endpoints>;
}

/** How many used instances must provide a kind: exactly one, or any number. */
export type Need = 'one' | 'any';

/** The providers of `kind` among the used instances. */
export const providersOf = <K extends EndpointKind>(uses: UsedInstance[], kind: K): (Endpoints[K] & { key: string })[] =>
  uses.flatMap((u) => {
    const e = u.provides[kind] as Endpoints[K] | undefined;
    return e ? [{ ...e, key: u.key }] : [];
  });
