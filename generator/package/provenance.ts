// Helm's provenance file (<chart>.tgz.prov): a PGP clear-signed message holding the chart's metadata as YAML,
// a "..." line (YAML's end of document: "---" may not start a line of a clear-signed text), then the
// archive's sha256 under `files:`. `helm verify` and `helm pull --verify` check the signature and that sum.
import { parse, stringify } from 'yaml';

/** The text to sign for one archive. */
export function provenanceMessage(chartYaml: string, fileName: string, digest: string): string {
  // Helm writes its metadata with keys in alphabetical order (through JSON); so do we. Comments are dropped.
  const metadata = stringify(parse(chartYaml), { sortMapEntries: true, lineWidth: 0 });
  if (/^(\.\.\.|---)$/m.test(metadata)) throw new Error(`cannot sign ${fileName}: its Chart.yaml holds a line "..." or "---", which would end the metadata early`);
  return `${metadata}\n...\n${stringify({ files: { [fileName]: digest } })}`;
}
