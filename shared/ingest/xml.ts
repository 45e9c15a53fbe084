/**
 * Safe XML for health documents: a document with a DOCTYPE is refused outright (no entity can be declared, so
 * neither an entity bomb nor an external entity can do anything), and what remains is parsed without entity
 * processing into a small element tree that mappers walk by local name.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { RejectedFileError } from './types';

export interface XmlElement {
  /** Local name, without any namespace prefix. */
  name: string;
  /** Attributes by local name (xsi:type stays reachable as 'type', also under its qualified name). */
  attrs: Record<string, string>;
  children: XmlElement[];
  /** Concatenated text directly inside this element. */
  text: string;
}

const MAX_DEPTH = 200;

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/**
 * Resolves XML's five predefined entities and character references. The parser's own entity processing stays off
 * (no DOCTYPE reaches it, so no other entity can exist); without this, "A &amp; B" would reach the record as typed.
 */
export function decodeXmlText(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (whole, ref: string) => {
    if (ref[0] !== '#') return PREDEFINED[ref] ?? whole;
    const code = ref[1] === 'x' || ref[1] === 'X' ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
    return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : '\uFFFD';
  });
}

function localName(qualified: string): string {
  const colon = qualified.indexOf(':');
  return colon >= 0 ? qualified.slice(colon + 1) : qualified;
}

type Ordered = Record<string, unknown> & { ':@'?: Record<string, string> };

function build(name: string, content: unknown, attrs: Record<string, string> | undefined, depth: number): XmlElement {
  if (depth > MAX_DEPTH) throw new RejectedFileError('too-deep', `The XML nests elements more than ${MAX_DEPTH} levels deep.`);
  const element: XmlElement = { name: localName(name), attrs: {}, children: [], text: '' };
  for (const [key, value] of Object.entries(attrs ?? {})) {
    const attr = key.replace(/^@_/, '');
    const decoded = decodeXmlText(value);
    element.attrs[attr] = decoded;
    element.attrs[localName(attr)] ??= decoded;
  }
  for (const node of (content as Ordered[]) ?? []) {
    for (const [key, value] of Object.entries(node)) {
      if (key === ':@') continue;
      if (key === '#text') element.text += decodeXmlText(String(value));
      else if (!key.startsWith('?') && !key.startsWith('#')) element.children.push(build(key, value, node[':@'], depth + 1));
    }
  }
  return element;
}

/** Decodes UTF-8 strictly and parses; throws RejectedFileError with a reason a person can act on. */
export function parseXmlSafely(bytes: Uint8Array): XmlElement {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new RejectedFileError('invalid-encoding', 'The XML file is not valid UTF-8 text.');
  }
  if (/<!DOCTYPE/i.test(text)) {
    throw new RejectedFileError('unsafe-xml', 'The XML file declares a DOCTYPE. Health documents never need one, and it can carry entity expansion or external entities, so it is refused.');
  }
  if (/<!ENTITY/i.test(text)) throw new RejectedFileError('unsafe-xml', 'The XML file declares an entity, which is refused.');
  const valid = XMLValidator.validate(text, { allowBooleanAttributes: true });
  if (valid !== true) {
    throw new RejectedFileError('malformed', `The XML is not well-formed (line ${valid.err.line}: ${valid.err.code}).`);
  }
  const parser = new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    processEntities: false,
    htmlEntities: false,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: false,
    ignoreDeclaration: true,
    ignorePiTags: true,
  });
  const ordered = parser.parse(text) as Ordered[];
  const rootNode = ordered.find((n) => Object.keys(n).some((k) => k !== ':@' && !k.startsWith('?') && !k.startsWith('#')));
  if (!rootNode) throw new RejectedFileError('malformed', 'The XML file has no root element.');
  const rootName = Object.keys(rootNode).find((k) => k !== ':@' && !k.startsWith('#'))!;
  return build(rootName, rootNode[rootName], rootNode[':@'], 0);
}

/** Children by local name. */
export function childrenNamed(element: XmlElement | undefined, name: string): XmlElement[] {
  return element ? element.children.filter((c) => c.name === name) : [];
}

/** First descendant along a path of local names, e.g. path(doc, 'component', 'structuredBody'). */
export function path(element: XmlElement | undefined, ...names: string[]): XmlElement | undefined {
  let current = element;
  for (const name of names) current = current?.children.find((c) => c.name === name);
  return current;
}

/** All descendants (depth-first) with the local name. */
export function descendants(element: XmlElement, name: string): XmlElement[] {
  const out: XmlElement[] = [];
  const stack = [...element.children].reverse();
  while (stack.length) {
    const node = stack.pop()!;
    if (node.name === name) out.push(node);
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
  }
  return out;
}

/** Text of an element and all its descendants, whitespace collapsed (for narrative blocks). */
export function textContent(element: XmlElement | undefined): string {
  if (!element) return '';
  const parts: string[] = [element.text];
  for (const child of element.children) parts.push(textContent(child));
  return parts.join(' ').replace(/\s+/g, ' ').trim();
}
