// The part of .helmignore the packer needs: which files `helm package` would leave out of a chart.
// Patterns as Helm reads them: "#" comments, "dir/" (a folder anywhere), globs with * and ? matched against
// the base name (no slash) or the whole path (with a slash). Negation ("!") is refused rather than guessed.

const glob = (pattern: string) =>
  new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')}$`);

/** A predicate: true for a chart-relative path the .helmignore text leaves out. */
export function helmignore(text: string, file = '.helmignore'): (path: string) => boolean {
  // Helm's own default: hidden files under templates/.
  const rules: ((path: string) => boolean)[] = [(p) => /^templates\/(.*\/)?\.[^/]+$/.test(p)];
  for (const [i, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    if (line.startsWith('!')) throw new Error(`${file}:${i + 1}: negated pattern ${JSON.stringify(line)}: the packer supports plain and folder patterns only; expected a pattern without "!"`);
    if (line.endsWith('/')) {
      const dir = glob(line.slice(0, -1).replace(/^\//, ''));
      rules.push((p) => p.split('/').slice(0, -1).some((part) => dir.test(part)));
    } else if (line.includes('/')) {
      const whole = glob(line.replace(/^\//, ''));
      rules.push((p) => whole.test(p));
    } else {
      const base = glob(line);
      rules.push((p) => p.split('/').some((part) => base.test(part)));
    }
  }
  return (path) => rules.some((r) => r(path));
}
