/**
 * The "readable" rendering of a C-CDA: its header and the narrative block of each section, turned into React
 * elements through a whitelist. Nothing of the document is ever handed to the browser as markup: elements not in
 * the whitelist are dropped with their content, attributes are never copied (only styleCode, through a fixed map
 * to this stylesheet's classes), and links become plain text.
 */
import { Fragment, type ReactNode } from 'react';
import { cx } from '../lib/class-names';

const CDA_NS = 'urn:hl7-org:v3';
/** Enough for any real summary; a huge document is cut here rather than freezing the tab. */
export const MAX_SECTIONS = 200;
const MAX_ELEMENTS = 5_000;
const MAX_DEPTH = 40;

export interface CcdaSection {
  title: string;
  /** The section's <text>, when it has one. */
  text: Element | undefined;
  sections: CcdaSection[];
}

export interface CcdaDocument {
  title: string | undefined;
  /** YYYY-MM-DD (or YYYY-MM, YYYY) from effectiveTime. */
  date: string | undefined;
  author: string | undefined;
  patient: string | undefined;
  sections: CcdaSection[];
  /** True when the document had more sections than are shown. */
  truncated: boolean;
}

function isCda(node: Node): node is Element {
  return node.nodeType === Node.ELEMENT_NODE && ((node as Element).namespaceURI === CDA_NS || (node as Element).namespaceURI === null);
}

function childElements(parent: Element | undefined, name: string): Element[] {
  if (!parent) return [];
  return Array.from(parent.childNodes).filter((n): n is Element => isCda(n) && n.localName === name);
}

function child(parent: Element | undefined, ...path: string[]): Element | undefined {
  let current = parent;
  for (const name of path) current = childElements(current, name)[0];
  return current;
}

function textOf(element: Element | undefined): string | undefined {
  const text = element?.textContent?.replace(/\s+/g, ' ').trim();
  return text ? text : undefined;
}

/** "Priya Raman" from a CDA name (prefix, given names, family, suffix), or the name's plain text. */
export function personName(name: Element | undefined): string | undefined {
  if (!name) return undefined;
  const parts = ['prefix', 'given', 'family', 'suffix'].flatMap((part) => childElements(name, part).map(textOf));
  const kept = parts.filter((p): p is string => p !== undefined);
  return kept.length ? kept.join(' ') : textOf(name);
}

/** A CDA TS value ("20260209143000-0500") as a FHIR-style date ("2026-02-09"). */
export function cdaDate(value: string | null | undefined): string | undefined {
  const match = /^(\d{4})(\d{2})?(\d{2})?/.exec(value ?? '');
  if (!match) return undefined;
  const [, year, month, day] = match;
  return [year, month, day].filter(Boolean).join('-');
}

function authorOf(root: Element): string | undefined {
  for (const author of childElements(root, 'author')) {
    const assigned = child(author, 'assignedAuthor');
    const person = personName(child(assigned, 'assignedPerson', 'name'));
    const organization = textOf(child(assigned, 'representedOrganization', 'name'));
    const name = person && organization ? `${person}, ${organization}` : (person ?? organization ?? textOf(child(assigned, 'assignedAuthoringDevice', 'softwareName')));
    if (name) return name;
  }
  return undefined;
}

function readSections(parent: Element | undefined, budget: { left: number }): CcdaSection[] {
  const sections: CcdaSection[] = [];
  for (const component of childElements(parent, 'component')) {
    const section = child(component, 'section');
    if (!section) continue;
    if (budget.left <= 0) break;
    budget.left -= 1;
    sections.push({
      title: textOf(child(section, 'title')) ?? 'Untitled section',
      text: child(section, 'text'),
      sections: readSections(section, budget),
    });
  }
  return sections;
}

/** Parses a C-CDA. Throws when the text is not a well-formed ClinicalDocument. */
export function parseCcda(xml: string): CcdaDocument {
  const parsed = new DOMParser().parseFromString(xml, 'application/xml');
  const root = parsed.documentElement;
  if (!root || root.getElementsByTagName('parsererror').length > 0 || root.localName !== 'ClinicalDocument') {
    throw new Error('Not a C-CDA document');
  }
  const budget = { left: MAX_SECTIONS };
  const sections = readSections(child(root, 'component', 'structuredBody'), budget);
  const total = root.getElementsByTagNameNS('*', 'section').length;
  return {
    title: textOf(child(root, 'title')),
    date: cdaDate(child(root, 'effectiveTime')?.getAttribute('value')),
    author: authorOf(root),
    patient: personName(child(root, 'recordTarget', 'patientRole', 'patient', 'name')),
    sections,
    truncated: total > MAX_SECTIONS,
  };
}

/** The only presentation a document may ask for. */
const STYLE_CLASSES: Record<string, string> = {
  Bold: 'narrative--bold',
  Italics: 'narrative--italic',
  Underline: 'narrative--underline',
};

function styleClass(element: Element): string | undefined {
  const codes = (element.getAttribute('styleCode') ?? '').split(/\s+/);
  const classes = codes.map((code) => STYLE_CLASSES[code]).filter((c): c is string => c !== undefined);
  return classes.length ? cx(...classes) : undefined;
}

interface RenderContext {
  budget: { left: number };
}

/** Children of a table part or list, where only elements belong (whitespace text would be invalid DOM). */
const STRUCTURAL = new Set(['table', 'thead', 'tbody', 'tfoot', 'tr', 'list']);

function renderChildren(element: Element, context: RenderContext, depth: number): ReactNode[] {
  const structural = STRUCTURAL.has(element.localName);
  const out: ReactNode[] = [];
  Array.from(element.childNodes).forEach((node, index) => {
    if (node.nodeType === Node.TEXT_NODE || node.nodeType === Node.CDATA_SECTION_NODE) {
      if (!structural && node.nodeValue) out.push(node.nodeValue);
      return;
    }
    if (isCda(node)) {
      const rendered = renderElement(node, context, depth + 1, index);
      if (rendered !== null) out.push(rendered);
    }
  });
  return out;
}

function renderTable(element: Element, context: RenderContext, depth: number, key: number): ReactNode {
  const parts: ReactNode[] = [];
  let looseRows: ReactNode[] = [];
  const flushRows = (at: number) => {
    if (looseRows.length) parts.push(<tbody key={`rows-${at}`}>{looseRows}</tbody>);
    looseRows = [];
  };
  Array.from(element.childNodes).forEach((node, index) => {
    if (!isCda(node)) return;
    const name = node.localName;
    if (name === 'caption') {
      flushRows(index);
      // A caption must come first in a table.
      parts.unshift(
        <caption key={`caption-${index}`} className="narrative__caption">
          {renderChildren(node, context, depth + 1)}
        </caption>,
      );
    } else if (name === 'tr') {
      const row = renderElement(node, context, depth + 1, index);
      if (row !== null) looseRows.push(row);
    } else if (name === 'thead' || name === 'tbody' || name === 'tfoot') {
      flushRows(index);
      const part = renderElement(node, context, depth + 1, index);
      if (part !== null) parts.push(part);
    }
  });
  flushRows(-1);
  return (
    // Focusable, so that a wide table can be scrolled sideways from the keyboard.
    <div key={key} className="table-wrap narrative__table-wrap" role="region" aria-label="Table" tabIndex={0}>
      <table className={cx('table', 'narrative__table', styleClass(element))}>{parts}</table>
    </div>
  );
}

function renderList(element: Element, context: RenderContext, depth: number, key: number): ReactNode {
  const ordered = element.getAttribute('listType') === 'ordered';
  const caption = child(element, 'caption');
  const items = childElements(element, 'item').map((item, index) => renderElement(item, context, depth + 1, index));
  const List = ordered ? 'ol' : 'ul';
  return (
    <Fragment key={key}>
      {caption && <strong className="narrative__caption">{renderChildren(caption, context, depth + 1)}</strong>}
      <List className={cx('narrative__list', styleClass(element))}>{items}</List>
    </Fragment>
  );
}

/** One narrative element, through the whitelist; null for anything else. */
function renderElement(element: Element, context: RenderContext, depth: number, key: number): ReactNode {
  if (depth > MAX_DEPTH || context.budget.left <= 0) return null;
  context.budget.left -= 1;
  const className = styleClass(element);
  const kids = () => renderChildren(element, context, depth);
  switch (element.localName) {
    case 'table':
      return renderTable(element, context, depth, key);
    case 'thead':
      return <thead key={key}>{kids()}</thead>;
    case 'tbody':
      return <tbody key={key}>{kids()}</tbody>;
    case 'tfoot':
      return <tfoot key={key}>{kids()}</tfoot>;
    case 'tr':
      return <tr key={key}>{kids()}</tr>;
    case 'th':
      return (
        <th key={key} className={className}>
          {kids()}
        </th>
      );
    case 'td':
      return (
        <td key={key} className={className}>
          {kids()}
        </td>
      );
    case 'list':
      return renderList(element, context, depth, key);
    case 'item':
      return (
        <li key={key} className={className}>
          {kids()}
        </li>
      );
    case 'paragraph':
      return (
        <p key={key} className={cx('narrative__paragraph', className)}>
          {kids()}
        </p>
      );
    case 'content':
      return (
        <span key={key} className={className}>
          {kids()}
        </span>
      );
    case 'caption':
      return (
        <strong key={key} className="narrative__caption">
          {kids()}
        </strong>
      );
    case 'br':
      return <br key={key} />;
    case 'sub':
      return <sub key={key}>{kids()}</sub>;
    case 'sup':
      return <sup key={key}>{kids()}</sup>;
    case 'linkHtml':
      // Never a link: the text only.
      return <Fragment key={key}>{element.textContent ?? ''}</Fragment>;
    default:
      // renderMultiMedia, footnotes, and anything that is not CDA narrative (a <script>, an <iframe>…).
      return null;
  }
}

/** A section's <text> as React elements. */
export function renderNarrative(text: Element): ReactNode[] {
  return renderChildren(text, { budget: { left: MAX_ELEMENTS } }, 0);
}
