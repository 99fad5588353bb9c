// An OCI registry location as Helm takes it: oci://HOST[:PORT]/PATH.

const HOST = /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;
// Repository path parts as the OCI distribution spec allows them.
const PART = /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*$/;

export interface OciUrl {
  /** "oci://host/path", without a trailing slash. */
  url: string;
  /** "host" or "host:port" (what `helm registry login` takes). */
  host: string;
  path: string;
}

/** The URL, or an error in words naming `flag` when it is not oci://HOST/PATH. */
export function parseOciUrl(text: string, flag: string): OciUrl {
  const expected = `${flag}: expected an OCI registry location "oci://HOST/PATH", such as "oci://ghcr.io/acme/charts" (a host, an optional port, and a path of lowercase letters, digits and . _ - parts), found ${JSON.stringify(text)}`;
  const m = /^oci:\/\/([^/]+)\/(.+?)\/*$/.exec(text);
  if (!m) throw new OciUrlError(expected);
  const [, host, path] = m as unknown as [string, string, string];
  if (!HOST.test(host) || !path.split('/').every((p) => PART.test(p))) throw new OciUrlError(expected);
  return { url: `oci://${host}/${path}`, host, path };
}

export class OciUrlError extends Error {}
