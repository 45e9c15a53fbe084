/** A small XML writer for the documents the portal produces (demo CCDs, exported CCDs). */

/** Escapes text and attribute values, and replaces code points XML 1.0 forbids (control characters, lone surrogates). */
export function escapeXml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

export type Attrs = Record<string, string | number | boolean | undefined>;
export type Child = string | false | undefined | null;

/** One element; children are already-serialized XML, so text must go through `t()` or `escapeXml`. */
export function el(name: string, attrs: Attrs = {}, ...children: Child[]): string {
  const a = Object.entries(attrs).filter(([, v]) => v !== undefined).map(([k, v]) => ` ${k}="${escapeXml(String(v))}"`).join('');
  const kids = children.filter((c): c is string => !!c);
  if (!kids.length) return `<${name}${a}/>`;
  if (kids.every((k) => !k.startsWith('<'))) return `<${name}${a}>${kids.join('')}</${name}>`;
  return `<${name}${a}>\n${kids.map((k) => k.replace(/^/gm, '  ')).join('\n')}\n</${name}>`;
}

/** Text content, escaped. */
export const t = (text: string) => escapeXml(text);
