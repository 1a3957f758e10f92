import { nameKey } from '../ontology/names';

/*
 * The sections of an article, read from its layout: the articles of the series are plain
 * text, one paragraph per line, each section under a heading line. A heading line is short,
 * ends without a sentence's final punctuation, starts with a capital or a digit, and is
 * followed by a paragraph; the text before the first heading is the lead (heading null).
 */

/** A section as a dataset declares it. */
export interface DraftSection {
  id: string;
  heading: string | null;
}

/** Most words a heading line may have. */
const MAX_HEADING_WORDS = 14;
/** A sentence's final punctuation, or a clause's: a line ending so is prose. */
const PROSE_END = /[.!?;:,…"”’)]$/u;
const STARTS_LIKE_HEADING = /^[\p{Lu}\p{N}]/u;

function wordCount(line: string): number {
  return line.split(/\s+/).filter((w) => w !== '').length;
}

/** Whether `line`, followed by `next`, reads as a heading. */
function isHeading(line: string, next: string | undefined): boolean {
  if (next === undefined) return false;
  const words = wordCount(line);
  if (words === 0 || words > MAX_HEADING_WORDS) return false;
  if (!STARTS_LIKE_HEADING.test(line)) return false;
  if (PROSE_END.test(line) && !/\)$/.test(line)) return false;
  // Two sentences on one line are prose, whatever their length.
  if (/[.!?]\s+\p{Lu}/u.test(line)) return false;
  // A heading introduces a paragraph: a line that reads as prose.
  return wordCount(next) >= 2 && PROSE_END.test(next);
}

/** Words a section id does not end with. */
const TRAILING = new Set(['and', 'of', 'the', 'for', 'with', 'in', 'to', 'on', 'a', 'an']);

/** A slug for a heading, short enough to read: its first words, folded. */
function slugOf(heading: string): string {
  const words = nameKey(heading)
    .split(' ')
    .filter((w) => /^[a-z0-9]+$/.test(w));
  const kept: string[] = [];
  for (const word of words) {
    if (kept.length > 0 && kept.join('-').length + word.length + 1 > 40) break;
    kept.push(word);
  }
  // "Future directions for Cambodian" reads better as "future-directions".
  while (kept.length > 1 && TRAILING.has(kept[kept.length - 1] ?? '')) kept.pop();
  return kept.join('-') || 'section';
}

/**
 * The sections of an article's text, in order, each heading exactly as its line writes it
 * (trimmed), so that `locateSections` finds it. The first is the lead (heading null) when
 * text comes before the first heading.
 */
export function readSections(text: string): DraftSection[] {
  const lines = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
  const sections: DraftSection[] = [];
  const used = new Set<string>();
  const unique = (slug: string) => {
    let id = slug;
    for (let n = 2; used.has(id); n++) id = `${slug}-${n}`;
    used.add(id);
    return id;
  };
  lines.forEach((line, i) => {
    if (!isHeading(line, lines[i + 1])) {
      if (sections.length === 0) sections.push({ id: unique('lead'), heading: null });
      return;
    }
    sections.push({ id: unique(slugOf(line)), heading: line });
  });
  return sections;
}
