import { describe, expect, it } from 'vitest';
import { decodeXmlText, parseXmlSafely } from '../../../shared/ingest/xml';

describe('XML text', () => {
  it('resolves the predefined entities and character references in text and attributes, once', () => {
    const doc = parseXmlSafely(new TextEncoder().encode('<a title="R&amp;D &#x2013; &quot;x&quot;"><b>A &amp; B &lt;3 &#233;&amp;amp;</b></a>'));
    expect(doc.attrs.title).toBe('R&D \u2013 "x"');
    expect(doc.children[0]!.text).toBe('A & B <3 é&amp;');
  });

  it('leaves unknown names alone and replaces impossible code points', () => {
    expect(decodeXmlText('&nbsp; &#0; &#xD800;')).toBe('&nbsp; \uFFFD \uFFFD');
  });
});
