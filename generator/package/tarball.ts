// A deterministic .tgz: ustar entries in sorted order, fixed modes, owners and times, gzip at a fixed level.
// `helm package` stamps the current time into every header, so two packagings of the same chart differ and an
// OCI registry would see new content under an old version; this writer gives byte-identical archives instead.
import { gunzipSync, gzipSync } from 'node:zlib';

/** A file of the archive; folders are derived from the paths. */
export interface TarFile { path: string; body: Buffer }

const BLOCK = 512;
const GZIP_LEVEL = 9;

function octal(value: number, width: number): string {
  // width - 1 digits and a NUL, as ustar expects.
  return `${value.toString(8).padStart(width - 1, '0')}\0`;
}

/** Splits a path into ustar's prefix (155 bytes) and name (100 bytes), at a slash. */
function splitPath(path: string): { prefix: string; name: string } {
  if (Buffer.byteLength(path) <= 100) return { prefix: '', name: path };
  for (let i = path.lastIndexOf('/', path.length - 2); i > 0; i = path.lastIndexOf('/', i - 1)) {
    const prefix = path.slice(0, i);
    const name = path.slice(i + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(name) <= 100) return { prefix, name };
  }
  throw new Error(`cannot store ${JSON.stringify(path)} in a ustar archive: expected a path of at most 100 bytes after its last folders (255 in all)`);
}

function header(path: string, size: number, dir: boolean): Buffer {
  const h = Buffer.alloc(BLOCK);
  const { prefix, name } = splitPath(path);
  h.write(name, 0, 100, 'utf8');
  h.write(octal(dir ? 0o755 : 0o644, 8), 100, 'ascii');
  h.write(octal(0, 8), 108, 'ascii'); // uid
  h.write(octal(0, 8), 116, 'ascii'); // gid
  h.write(octal(size, 12), 124, 'ascii');
  h.write(octal(0, 12), 136, 'ascii'); // mtime: the epoch
  h.write(' '.repeat(8), 148, 'ascii'); // checksum field counts as spaces while summing
  h.write(dir ? '5' : '0', 156, 'ascii');
  h.write('ustar\0', 257, 'ascii');
  h.write('00', 263, 'ascii');
  // uname and gname stay empty; device numbers are zero.
  h.write(octal(0, 8), 329, 'ascii');
  h.write(octal(0, 8), 337, 'ascii');
  h.write(prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const byte of h) sum += byte;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  return h;
}

/** Every folder above the files, as "a/", "a/b/". */
function folders(files: TarFile[]): string[] {
  const out = new Set<string>();
  for (const f of files) {
    const parts = f.path.split('/');
    for (let i = 1; i < parts.length; i++) out.add(`${parts.slice(0, i).join('/')}/`);
  }
  return [...out];
}

/** The uncompressed tar stream: folders (0755) and files (0644) sorted by path, owned by 0:0, dated 1970. */
export function tar(files: TarFile[]): Buffer {
  const seen = new Set<string>();
  for (const f of files) {
    if (!f.path || f.path.startsWith('/') || f.path.split('/').some((p) => p === '' || p === '..' || p === '.')) {
      throw new Error(`cannot archive ${JSON.stringify(f.path)}: expected a relative path without empty, "." or ".." parts`);
    }
    if (seen.has(f.path)) throw new Error(`cannot archive ${f.path} twice`);
    seen.add(f.path);
  }
  const entries: { path: string; body?: Buffer }[] = [...folders(files).map((path) => ({ path })), ...files];
  entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const parts: Buffer[] = [];
  for (const e of entries) {
    const size = e.body?.length ?? 0;
    parts.push(header(e.path, size, !e.body));
    if (e.body) {
      parts.push(e.body);
      if (size % BLOCK) parts.push(Buffer.alloc(BLOCK - (size % BLOCK)));
    }
  }
  parts.push(Buffer.alloc(2 * BLOCK));
  return Buffer.concat(parts);
}

/**
 * gzip of the tar stream at a fixed level. The gzip header has no time and no name; its OS byte is set to
 * "unknown" so the platform that packed it does not show. Same Node (zlib) and CPU family: same bytes.
 */
export function tgz(files: TarFile[]): Buffer {
  const out = gzipSync(tar(files), { level: GZIP_LEVEL });
  out[9] = 255;
  return out;
}

/** The regular files of a .tgz (ustar, with pax `path` records honoured), by path. */
export function untgz(archive: Buffer): Map<string, Buffer> {
  const data = gunzipSync(archive);
  const files = new Map<string, Buffer>();
  let paxPath: string | undefined;
  for (let at = 0; at + BLOCK <= data.length;) {
    const h = data.subarray(at, at + BLOCK);
    if (h.every((b) => b === 0)) break;
    const text = (from: number, len: number) => h.subarray(from, from + len).toString('utf8').replace(/\0.*$/s, '');
    const size = parseInt(text(124, 12).trim() || '0', 8);
    const type = String.fromCharCode(h[156]!);
    const body = data.subarray(at + BLOCK, at + BLOCK + size);
    const prefix = text(257, 6) === 'ustar' ? text(345, 155) : '';
    const path = paxPath ?? (prefix ? `${prefix}/${text(0, 100)}` : text(0, 100));
    paxPath = undefined;
    if (type === 'x') paxPath = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(body.toString('utf8'))?.[1];
    else if (type === '0' || type === '\0') files.set(path, Buffer.from(body));
    at += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
  }
  return files;
}
