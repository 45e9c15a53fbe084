/**
 * The human-readable narrative of a C-CDA: coded entries point into it (`reference value="#id"`) for their text,
 * and sections without mapped entries are kept as notes, so the narrative is read both by ID and as plain text.
 */
import type { XmlElement } from '../xml';
import { descendants, textContent } from '../xml';
import { clean } from './codes';

/** Narrative elements by ID, for resolving `reference/@value="#id"` pointers. */
export class Narrative {
  private readonly byId = new Map<string, XmlElement>();

  constructor(root: XmlElement) {
    // Only narrative blocks carry IDs worth resolving; scanning them rather than the whole document keeps it fast.
    for (const text of descendants(root, 'text')) {
      const stack = [text];
      while (stack.length) {
        const node = stack.pop()!;
        const id = node.attrs.ID;
        if (id && !this.byId.has(id)) this.byId.set(id, node);
        stack.push(...node.children);
      }
    }
  }

  /** Text of the narrative element a `reference` (or `text` with a reference child) points to. */
  resolve(reference: XmlElement | undefined): string | undefined {
    const value = reference?.attrs.value?.trim();
    if (!value?.startsWith('#')) return undefined;
    const target = this.byId.get(value.slice(1));
    return target ? clean(textContent(target)) : undefined;
  }

  /** An entry's own `text` element: its referenced narrative, else its inline text. */
  textOf(element: XmlElement | undefined): string | undefined {
    const text = element?.children.find((c) => c.name === 'text');
    if (!text) return undefined;
    const reference = text.children.find((c) => c.name === 'reference');
    return this.resolve(reference) ?? clean(textContent({ ...text, children: text.children.filter((c) => c.name !== 'reference') }));
  }
}

const BLOCK = new Set(['paragraph', 'br', 'tr', 'item', 'caption', 'list', 'table', 'thead', 'tbody', 'tfoot', 'content_block']);

/** A section's narrative block as plain text with line breaks where the markup has rows, items and paragraphs. */
export function narrativeToText(element: XmlElement | undefined): string {
  if (!element) return '';
  const out: string[] = [];
  const walk = (node: XmlElement) => {
    if (node.name === 'br') { out.push('\n'); return; }
    const block = BLOCK.has(node.name);
    if (block) out.push('\n');
    if (node.name === 'item') out.push('- ');
    if (node.text.trim()) out.push(node.text.replace(/\s+/g, ' '));
    // Text between child elements is not kept apart by the XML tree, so children follow the element's own text.
    for (const child of node.children) {
      walk(child);
      if (child.name === 'td' || child.name === 'th') out.push('\t');
    }
    if (block) out.push('\n');
  };
  walk(element);
  return out.join('').split('\n').map((l) => l.replace(/[ \t]+/g, (m) => (m.includes('\t') ? '\t' : ' ')).replace(/^[\s]+|[\s]+$/g, '')).filter(Boolean).join('\n');
}
