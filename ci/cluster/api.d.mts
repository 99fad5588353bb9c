export const KUBECONFIG: string;
export interface ClusterTools {
  kubectl: string; helm: string; ct: string; etcd: string; kwok: string; kwokctl: string;
  'kube-apiserver': string; 'kube-controller-manager': string; 'kube-scheduler': string;
}
export function clusterTools(): ClusterTools;
export function reportedVersions(tools: ClusterTools): { kubernetes: string; etcd: string; kwok: string; helm: string; ct: string; pinned: Record<string, string> };
export function startProvisioner(kubectl: string, kubeconfig: string, intervalMs?: number): () => Promise<void>;
export const CRD_SOURCES: { name: string; module: string; version: string; paths: string[] }[];
export function argoCdBinary(): { bin: string; version: string };
export function veleroBinaries(): { velero: string; 'velero-plugin-for-aws': string; version: string; awsPlugin: string };
export function s3Server(): { bin: string; name: string; version: string };
