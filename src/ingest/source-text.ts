import { createHash } from 'node:crypto';

/** A section of a source text: where its body starts and ends (UTF-16 indices). */
export interface SectionSpan {
  id: string;
  heading: string | null;
  start: number;
  end: number;
}

/** A source text with its sections located. */
export interface SourceText {
  sha256: string;
  text: string;
  sections: Map<string, SectionSpan>;
  /** Converts a UTF-16 index into a Unicode code point offset (what we store). */
  codePointOffset(index: number): number;
}

/**
 * Locates each declared section in the text: a heading is a whole line equal to it, found in
 * order; a section without heading (null) is the text before the first heading. Returns the
 * sections, or the ids of the headings not found.
 */
export function locateSections(
  text: string,
  declared: ReadonlyArray<{ id: string; heading: string | null }>,
): { text?: SourceText; missing: string[] } {
  const starts: Array<{
    id: string;
    heading: string | null;
    headingStart: number;
    bodyStart: number;
  }> = [];
  const missing: string[] = [];
  let cursor = 0;
  for (const section of declared) {
    if (section.heading === null) {
      starts.push({ id: section.id, heading: null, headingStart: cursor, bodyStart: cursor });
      continue;
    }
    const found = findLine(text, section.heading.trim(), cursor);
    if (found === undefined) {
      missing.push(section.id);
      continue;
    }
    starts.push({
      id: section.id,
      heading: section.heading,
      headingStart: found.start,
      bodyStart: found.end,
    });
    cursor = found.end;
  }
  if (missing.length > 0) return { missing };

  const sections = new Map<string, SectionSpan>();
  starts.forEach((section, i) => {
    const next = starts[i + 1];
    sections.set(section.id, {
      id: section.id,
      heading: section.heading,
      start: section.bodyStart,
      end: next ? next.headingStart : text.length,
    });
  });
  const astral = /[\uD800-\uDBFF]/.test(text);
  return {
    missing,
    text: {
      sha256: createHash('sha256').update(text).digest('hex'),
      text,
      sections,
      codePointOffset: (index) => (astral ? Array.from(text.slice(0, index)).length : index),
    },
  };
}

/** Finds a line equal to `line` (ignoring surrounding spaces) at or after `from`. */
function findLine(
  text: string,
  line: string,
  from: number,
): { start: number; end: number } | undefined {
  let index = text.indexOf(line, from);
  while (index !== -1) {
    const lineStart = text.lastIndexOf('\n', index - 1) + 1;
    const lineEndRaw = text.indexOf('\n', index);
    const lineEnd = lineEndRaw === -1 ? text.length : lineEndRaw;
    if (text.slice(lineStart, lineEnd).trim() === line) {
      return { start: lineStart, end: lineEndRaw === -1 ? text.length : lineEndRaw + 1 };
    }
    index = text.indexOf(line, index + 1);
  }
  return undefined;
}

/** Where a quote occurs in a section, as code point offsets into the whole text. */
export function findQuote(
  source: SourceText,
  sectionId: string,
  quote: string,
): { start: number; end: number } | { otherSection?: string } {
  const section = source.sections.get(sectionId);
  if (!section) return {};
  // The first occurrence from the section's start is in the section, or none is: no copy.
  const start = source.text.indexOf(quote, section.start);
  if (start !== -1 && start + quote.length <= section.end) {
    return {
      start: source.codePointOffset(start),
      end: source.codePointOffset(start + quote.length),
    };
  }
  for (const other of source.sections.values()) {
    if (source.text.slice(other.start, other.end).includes(quote))
      return { otherSection: other.id };
  }
  return {};
}
