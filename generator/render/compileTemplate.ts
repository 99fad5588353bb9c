// Handlebars sources that produce Helm templates. Helm's own {{ }} stays literal; generation-time
// expressions are written [[ ]] so a source reads like the Helm template it becomes.
import Handlebars from 'handlebars';

const hb = Handlebars.create();

/** `.Values.a.b` for a dotted value path. */
hb.registerHelper('valuesExpr', (path: string) => `.Values.${path}`);
/** `$.Values.a.b`: the same from inside a `with`/`range` block. */
hb.registerHelper('rootValuesExpr', (path: string) => `$.Values.${path}`);

const cache = new Map<string, Handlebars.TemplateDelegate>();

/** Compiles a [[ ]]-delimited source once; `name` only labels errors. */
export function compileTemplate(name: string, source: string): (ctx: object) => string {
  let fn = cache.get(source);
  if (!fn) {
    const escaped = source.replaceAll('{{', '\\{{').replaceAll('[[', '{{').replaceAll(']]', '}}');
    try {
      fn = hb.compile(escaped, { noEscape: true, strict: true });
    } catch (err) {
      throw new Error(`template ${name}: ${(err as Error).message}`);
    }
    cache.set(source, fn);
  }
  const compiled = fn;
  return (ctx) => {
    try {
      return compiled(ctx);
    } catch (err) {
      throw new Error(`template ${name}: ${(err as Error).message}`);
    }
  };
}
