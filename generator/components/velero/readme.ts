// The chart README's own sections: what is backed up where and why so, the fields of its lists (the values table
// shows a list as one value), and the Day-0 restore runbook with the commands for the chart's defaults. NOTES.txt
// prints the same runbook from the install-time values (templates/_runbook.tpl.hbs); test/components/velero.test.ts
// keeps their commands equal.
import type { z } from 'zod';
import { type VeleroValues, listItems } from './values.ts';

const RELEASE = '<release>';
const NAMESPACE = '<namespace>';

const list = (items: string[]) => items.join(', ');

function scheduleLine(s: VeleroValues['schedules'][number]): string {
  const included = s.includedNamespaces.length ? s.includedNamespaces : ['*'];
  const except = s.excludedNamespaces.length ? ` except ${list(s.excludedNamespaces)}` : '';
  const labels = Object.entries(s.matchLabels).map(([k, v]) => `${k}=${v}`);
  const selected = labels.length ? `, objects labelled ${labels.join(' ')}` : '';
  const resources = s.excludedResources.length ? `; leaves out ${list(s.excludedResources)}` : '';
  return `| \`${s.name}\` | \`${s.schedule}\` | ${s.ttl} | ${list(included)}${except}${selected}${resources} | ${s.alertAfterHours} h |`;
}

/** The velero commands of the runbook's restore steps (README and NOTES.txt print the same). */
export function restoreCommands(v: VeleroValues, namespace: string): string[] {
  return v.restoreOrder.map((step, i) => {
    const only = step.namespaces.length ? ` --include-namespaces ${step.namespaces.join(',')}` : '';
    return `velero restore create day0-${i + 1}-${step.schedule} --from-schedule ${step.schedule}${only} --wait --namespace ${namespace}`;
  });
}

/** One row per field of a list item: whether it must be written (Helm fills no defaults in list items). */
function itemTable(item: z.ZodObject): string {
  const rows = Object.entries(item.shape).map(([key, field]) => {
    const def = (field as z.ZodType)._zod.def as { type: string; defaultValue?: unknown };
    const value = def.type === 'default' ? `\`${JSON.stringify(def.defaultValue)}\`` : 'required';
    return `| \`${key}\` | ${value} | ${(field as z.ZodType).description ?? ''} |`;
  });
  return ['| Field | Default | Description |', '|-------|---------|-------------|', ...rows].join('\n');
}

export function readme(v: VeleroValues): string {
  const location = v.backupStorageLocations.find((l) => l.default)!;
  const credentials = v.credentials.externalSecret.enabled
    ? `the secret store "${v.credentials.externalSecret.storeName}" holding ${v.credentials.externalSecret.remoteKey} (property "cloud")`
    : `the Secret \`<fullname>-cloud\` (key "${v.credentials.keys.cloud}"; with \`credentials.externalSecret.enabled\`, ${v.credentials.externalSecret.remoteKey} in the secret store)`;
  return `## What is backed up, and where

Locations (the AWS plugin; the S3 credentials file is the \`cloud\` key of the credentials Secret):
${v.backupStorageLocations.map((l) => `- \`${l.name}\`: \`s3://${l.bucket}/${l.prefix}\`${l.s3Url ? ` at ${l.s3Url}` : ' (AWS S3)'}, ${l.accessMode}${l.default ? ', the default' : ''}`).join('\n')}
- \`${v.csi.locationName}\`: CSI snapshots of the volumes, VolumeSnapshotClass \`${v.csi.snapshotClass}\` of driver \`${v.csi.driver}\` (with \`global.capabilities.snapshots\`)

| Schedule | Cron (UTC) | Kept | What | Alert after |
|----------|------------|------|------|-------------|
${v.schedules.map(scheduleLine).join('\n')}

- **Workspaces.** Velero's \`labelSelector\` selects objects, not namespaces: on a namespace label alone only the
  Namespace object would be backed up. \`workspaces-daily\` takes the namespaces \`ws-*\` (namespace patterns
  work in backups since Velero 1.18) and, in them, the objects labelled \`appgear.io/backup-enabled=true\`. A
  workspace opts in by putting that label on every object it renders: \`global.commonLabels\` of its charts puts
  it on every object and pod template, \`backup.enabled\` on the claims (so that switch must follow the
  workspace's choice too).
- **Argo CD.** A backup copies its Schedule's annotations, and its labels unless \`template.metadata.labels\`
  is set; with Argo CD's tracking annotation or label, Argo CD would take backups for its own objects missing
  from git: OutOfSync, and deleted by automated prune. \`useOwnerReferencesInBackup\` makes every backup owned
  by its Schedule, and Argo CD never manages owned objects; \`template.metadata.labels\` gives backups only the
  appgear.io labels. Deleting a Schedule deletes its Backup objects (the data stays in the bucket, and Velero
  syncs them back). Proven with a real Argo CD and Velero: after Velero takes a Backup from the Schedule Argo CD
  applied (the Backup carries the Schedule's copied tracking annotation), a hard refresh leaves the Application
  Synced with no Backup among its resources, and a sync with pruning keeps the Backup. Velero 1.18 also writes
  \`spec.skipImmediately\` into a Schedule that leaves it out; Argo CD does not report that field, which the
  chart does not render, as a difference.
- **CSI snapshots.** Velero 1.18 reads no settings from a CSI VolumeSnapshotLocation: it picks the snapshot
  class by the backup annotation \`velero.io/csi-volumesnapshot-class_<driver>\`, which every Schedule carries
  (a backup copies it). The class and its driver are derived from the storage instance the release uses.
- **Permissions.** Backing up reads every kind the API serves, Secrets and custom resources added later
  included, so the read access is cluster-wide. Cluster-wide writes are only CSI snapshots (and \`pods/exec\`
  with \`rbac.hooks\`); Velero's own objects are written in its namespace only. A restore recreates
  namespaces, cluster-scoped objects and RBAC objects that grant more than Velero holds (escalate, bind), which
  is as strong as cluster-admin: it is bound only while \`restoreMode\` is on. The server alone gets an API
  token (a projected volume); the plugin init containers get none.
- **Node agent.** Not part of this chart: file-system backups and CSI data movement need a privileged
  DaemonSet with host paths, and a chart declares one Pod Security level (\`restricted\` here). CSI snapshots of
  the storage need no node agent.

## List items

A list given at install time replaces the default list, and Helm fills no defaults in list items: write every
required field; an omitted field means its default.

${Object.entries(listItems).map(([key, item]) => `\`${key}[]\`:\n\n${itemTable(item)}`).join('\n\n')}

## Day-0 restore runbook

On a new cluster, from the backups in location \`${location.name}\`:

1. Prepare the cluster: the CSI snapshot CRDs and controller, the storage and its VolumeSnapshotClass
   \`${v.csi.snapshotClass}\`, Argo CD (no Application of the namespaces to restore synced yet), ${credentials},
   and Velero's CRDs (Velero's CLI of the same version):

   \`\`\`console
   velero install --crds-only --dry-run -o yaml | kubectl apply -f -
   \`\`\`

2. Install this chart, and nothing else in the namespaces to restore (Velero skips objects that exist, so an
   empty volume would stay empty; in an umbrella, switch the other components off), with \`restoreMode\` on
   (every schedule paused, every location ReadOnly, restore permissions bound), so that no backup of the
   half-restored cluster becomes the newest and nothing leaves the bucket. With Argo CD: \`restoreMode: true\` in
   the Application's values, then sync; inside an umbrella the key is \`<instance>.restoreMode\`.

   \`\`\`console
   helm upgrade --install ${RELEASE} <chart> --namespace ${NAMESPACE} --set restoreMode=true --set global.capabilities.velero=true
   \`\`\`

3. Check that the location is Available and that Velero found the backups in it:

   \`\`\`console
   kubectl --namespace ${NAMESPACE} get backupstoragelocations.velero.io
   velero backup get --namespace ${NAMESPACE}
   \`\`\`

4. Restore in this order (\`restoreOrder\`), each from the newest completed backup of its schedule:

   \`\`\`console
${restoreCommands(v, NAMESPACE).map((c) => `   ${c}`).join('\n')}
   \`\`\`

   Check each with \`velero restore describe <restore> --details --namespace ${NAMESPACE}\`. For an older point in
   time, list \`velero backup get --namespace ${NAMESPACE} --selector velero.io/schedule-name=<schedule>\` and
   restore \`--from-backup <backup>\` instead of \`--from-schedule\`.

5. Set \`restoreMode=false\` again: schedules resume, locations are ReadWrite, the restore permissions are
   removed. Then let Argo CD converge.

NOTES.txt prints the same runbook with the release's own names and values.
`;
}
