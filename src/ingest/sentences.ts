import { nameKey } from '../ontology/names';
import { SourceText } from './source-text';

/** A sentence of a source text. */
export interface Sentence {
  /** 1-based, in text order. */
  index: number;
  /** The section it is in (id), from the SourceText's sections. */
  section: string;
  /** UTF-16 indices in the whole text; text.slice(start, end) is the sentence, trimmed. */
  start: number;
  end: number;
  text: string;
  /** 1-based line of its start. */
  line: number;
}

/** Closing quotes and brackets that stay with the sentence a terminator ends. */
const CLOSERS = new Set(['"', "'", '”', '’', '»', '›', ')', ']', '}']);
/** Opening quotes and brackets that may come before the first letter of a sentence. */
const OPENERS = new Set(['"', "'", '“', '‘', '«', '‹', '(', '[', '{']);

/** Abbreviations that come before what they qualify, so a sentence never ends at them. */
const NEVER_END = words(`
  mr mrs ms messrs dr st prof gen gov sen rep rev hon amb pres lt col capt maj sgt adm mt ft e.g
  i.e vs v cf viz approx
`);

/** Abbreviations that precede a number ("No. 5", "Jan. 7", "p. 12"); elsewhere they are words. */
const BEFORE_NUMBER = words(`
  no nos nr vol vols p pp art ch sec para fig op est c ca jan feb mar apr jun jul aug sep sept
  oct nov dec
`);

/** Abbreviations that often end a sentence too ("…trade, aid, etc. The …"). */
const MAY_END = words('etc inc ltd co corp llc plc bros jr sr al');

/**
 * Words that start sentences far more often than they follow an abbreviation. After an
 * ambiguous period (dotted acronym, initial, "etc.", ellipsis) only these mark a new sentence:
 * "the U.S. Navy" must stay whole, while "… with the U.S. The talks …" splits. "A" and "I" are
 * left out because they are initials too ("J. A. Smith").
 */
const STARTERS = words(`
  The This That These Those There Their They Then Thus Therefore Today It Its In On At As By For
  From To With Within Without After Before During Since Until While When Where Whereas Which Who
  Both Each Every He She His Her We Our However But And Or Also Although Though Despite
  Meanwhile Moreover Furthermore Additionally Nevertheless Nonetheless Instead Indeed Later
  Subsequently Following Under Over Other Such Some Many Most Several All An If Another
  According Among Between
`);

const SPACE = /\s/u;
const SENTENCE_INITIAL = /[\p{Lu}\p{Lt}\p{N}]/u;
const DIGIT = /\p{N}/u;
const INITIAL = /^\p{Lu}$/u;
const DOTTED_ACRONYM = /^(?:\p{L}{1,3}\.)+\p{L}{1,3}$/u;
const WORD = /\p{L}+/uy;

/** A set of the words of a whitespace-separated list. */
function words(list: string): Set<string> {
  return new Set(list.split(/\s+/).filter((word) => word !== ''));
}

/**
 * Splits every section body of a located source text into sentences, in order. Headings are
 * not sentences (a section's body starts after its heading line). Text that no section covers
 * yields no sentences, since a sentence must name its section.
 *
 * A line break always ends a sentence. Inside a line a sentence ends at `.`, `!`, `?` or an
 * ellipsis, with any closing quotes or brackets after it, when whitespace and a sentence start
 * (capital, digit, or an opening quote or bracket before one) follow. A period does not end
 * a sentence after a title or Latin abbreviation (Mr., Dr., Gen., e.g., vs., approx.) nor
 * after a number-prefix (No., p., Jan. … Dec.) when a digit follows. After an ambiguous
 * period (a single capital initial, a dotted acronym such as U.S., etc., Inc., Ltd., Co.,
 * Corp., Jr., Sr., et al.) and after an ellipsis, a sentence ends only if the next word is a
 * common sentence starter (The, This, It, In, However, …): "U.S. Navy" stays whole, and a
 * sentence ending in "U.S." before a proper noun is not split, which is the rarer mistake.
 */
export function splitSentences(source: SourceText): Sentence[] {
  const { text } = source;
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);

  const sections = [...source.sections.values()].sort((a, b) => a.start - b.start);
  const sentences: Sentence[] = [];
  const push = (section: string, from: number, to: number): void => {
    let start = from;
    let end = to;
    while (start < end && SPACE.test(text.charAt(start))) start++;
    while (end > start && SPACE.test(text.charAt(end - 1))) end--;
    if (start === end) return;
    sentences.push({
      index: sentences.length + 1,
      section,
      start,
      end,
      text: text.slice(start, end),
      line: lineOf(lineStarts, start),
    });
  };

  for (const section of sections) {
    let lineStart = section.start;
    while (lineStart < section.end) {
      const newline = text.indexOf('\n', lineStart);
      const lineEnd = newline === -1 || newline > section.end ? section.end : newline;
      let from = lineStart;
      for (const end of sentenceEnds(text, lineStart, lineEnd)) {
        push(section.id, from, end);
        from = end;
      }
      push(section.id, from, lineEnd);
      lineStart = lineEnd + 1;
    }
  }
  return sentences;
}

/** The 1-based line holding `index`, by binary search over the line starts. */
function lineOf(lineStarts: readonly number[], index: number): number {
  let low = 0;
  let high = lineStarts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if ((lineStarts[mid] ?? 0) <= index) low = mid;
    else high = mid - 1;
  }
  return low + 1;
}

/** Where sentences end inside one line [from, to): just after each terminator and its closers. */
function sentenceEnds(text: string, from: number, to: number): number[] {
  const ends: number[] = [];
  let i = from;
  while (i < to) {
    if (!isTerminator(text.charAt(i))) {
      i++;
      continue;
    }
    let runEnd = i;
    while (runEnd < to && isTerminator(text.charAt(runEnd))) runEnd++;
    const run = text.slice(i, runEnd);
    let closed = runEnd;
    while (closed < to && CLOSERS.has(text.charAt(closed))) closed++;
    let next = closed;
    while (next < to && SPACE.test(text.charAt(next))) next++;
    if (next > closed && next < to && startsSentence(text, next, to)) {
      let endsHere: boolean;
      if (/[!?]/.test(run)) endsHere = true;
      else if (run === '.') endsHere = periodEnds(text, from, i, next);
      // An ellipsis in these articles mostly marks an omission inside a quotation.
      else endsHere = STARTERS.has(nextWord(text, next));
      if (endsHere) ends.push(closed);
    }
    i = runEnd;
  }
  return ends;
}

function isTerminator(char: string): boolean {
  return char === '.' || char === '!' || char === '?' || char === '…';
}

function startsSentence(text: string, at: number, to: number): boolean {
  let i = at;
  while (i < to && OPENERS.has(text.charAt(i))) i++;
  return i < to && SENTENCE_INITIAL.test(String.fromCodePoint(text.codePointAt(i) ?? 0));
}

/** The letters of the word at `at`, past any opening quotes or brackets. */
function nextWord(text: string, at: number): string {
  let i = at;
  while (i < text.length && OPENERS.has(text.charAt(i))) i++;
  WORD.lastIndex = i;
  return WORD.exec(text)?.[0] ?? '';
}

/** Whether the single period at `dot` ends a sentence, given the sentence start at `next`. */
function periodEnds(text: string, lineStart: number, dot: number, next: number): boolean {
  let tokenStart = dot;
  while (tokenStart > lineStart && !SPACE.test(text.charAt(tokenStart - 1))) tokenStart--;
  while (tokenStart < dot && OPENERS.has(text.charAt(tokenStart))) tokenStart++;
  const token = text.slice(tokenStart, dot);
  const lower = token.toLowerCase();
  if (NEVER_END.has(lower)) return false;
  if (BEFORE_NUMBER.has(lower) && DIGIT.test(text.charAt(next))) return false;
  if (MAY_END.has(lower) || INITIAL.test(token) || DOTTED_ACRONYM.test(token)) {
    return STARTERS.has(nextWord(text, next));
  }
  return true;
}

/** A name an entity answers to. */
export interface EntityName {
  id: string;
  name: string;
}

/** A run of letters and digits (with marks and in-word apostrophes), as names are compared. */
const TOKEN = /[\p{L}\p{N}\p{M}'’`]+/gu;
const APOSTROPHE = /['’`]/u;
const LOWER = /\p{Ll}/u;
/**
 * Punctuation a multi-word name may not span unless the name has it at the same place: a
 * sentence or clause break between two words means they are not one name ("… with China. Sea
 * lanes …" is no "China Sea"), while "U.S." may still match "U.S.".
 */
const BREAKS = /[\r\n.!?;:()[\]{}"“”«»…]/gu;

/** A word of a text: its folded form and where it is in the original. */
interface Token {
  /** Folded as {@link nameKey} folds it. */
  key: string;
  start: number;
  end: number;
  /** When the word is a possessive ("Cambodia’s"), the word without its "’s". */
  base?: { key: string; end: number };
}

/** A name prepared for matching. */
interface Pattern {
  id: string;
  words: string[];
  /** The punctuation between consecutive words of the name, for {@link BREAKS}. */
  joins: string[];
  /** What the name has after its last word ("U.S." has "."), taken into the mention if present. */
  trail: string;
  /** All-capital names (acronyms, codes) only match words written without lower case. */
  capitals: boolean;
}

/**
 * Splits a text into words and folds each as {@link nameKey} does, keeping each word's UTF-16
 * span so that a match found on folded words maps back to the original text. Quote marks at a
 * word's edges are not part of it; a possessive "’s" is kept as an alternative ending.
 */
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const match of text.matchAll(TOKEN)) {
    let start = match.index;
    let end = start + match[0].length;
    while (start < end && APOSTROPHE.test(text.charAt(start))) start++;
    while (end > start && APOSTROPHE.test(text.charAt(end - 1))) end--;
    if (start === end) continue;
    const word = text.slice(start, end);
    let base: Token['base'];
    if (word.length > 2 && /['’`][sS]$/u.test(word)) {
      const baseKey = nameKey(word.slice(0, -2));
      if (baseKey !== '' && !baseKey.includes(' ')) base = { key: baseKey, end: end - 2 };
    }
    // A word can fold to more than one (a compatibility character such as "½"); each part
    // keeps the whole word's span, which is as precise as the original allows.
    const parts = nameKey(word)
      .split(' ')
      .filter((part) => part !== '');
    parts.forEach((key, i) => {
      tokens.push(i === parts.length - 1 && base ? { key, start, end, base } : { key, start, end });
    });
  }
  return tokens;
}

/** Finds entity mentions in a text. Built once per set of names. */
export class MentionFinder {
  /** Patterns by first folded word: a position meets only the names that can start there. */
  private readonly byFirstWord = new Map<string, Pattern[]>();

  /**
   * Prepares the names. Names are compared in {@link nameKey} form on whole words. A name
   * written all in capitals (ASEAN, EU, US, KH) matches only words written without lower case,
   * so the pronoun "us" is never the United States. A one-word name of two characters or
   * fewer that has lower case ("Kh", "eu") is dropped: it would match common short words, and
   * its capitalised form, if the entity has one, is matched as an acronym instead.
   */
  constructor(names: readonly EntityName[]) {
    const seen = new Set<string>();
    for (const { id, name } of names) {
      const tokens = tokenize(name);
      const words = tokens.map((token) => token.key);
      const first = words[0];
      const last = tokens[tokens.length - 1];
      if (first === undefined || last === undefined) continue;
      const capitals = !LOWER.test(name);
      if (words.length === 1 && first.length <= 2 && !capitals) continue;
      const dedupe = `${id}\u0000${capitals ? 'A' : 'a'}\u0000${words.join(' ')}`;
      if (seen.has(dedupe)) continue;
      seen.add(dedupe);
      const joins = tokens.slice(1).map((token, i) => name.slice(tokens[i]?.end, token.start));
      const trail = name.slice(last.end).trim();
      const bucket = this.byFirstWord.get(first) ?? [];
      bucket.push({ id, words, joins, trail, capitals });
      this.byFirstWord.set(first, bucket);
    }
  }

  /**
   * The ids of the entities a text names (each once), with where: UTF-16 [start, end) of the
   * first mention, in order of first mention. Longer matches win over the shorter ones they
   * overlap, wherever the shorter one starts ("South China Sea dispute" hides "China"); a
   * possessive ("Cambodia’s") mentions its word and the span leaves the "’s" out. When one
   * name belongs to several entities, each is reported with the same span.
   */
  find(text: string): Array<{ id: string; start: number; end: number }> {
    const first = new Map<string, { id: string; start: number; end: number }>();
    for (const mention of this.findAll(text)) {
      const known = first.get(mention.id);
      if (!known || mention.start < known.start) first.set(mention.id, mention);
    }
    return [...first.values()].sort((a, b) => a.start - b.start || a.end - b.end);
  }

  /**
   * Every mention in a text, in text order: UTF-16 [start, end) and the entity's id, longer
   * matches winning over the shorter ones they overlap as in {@link find}. A name that
   * belongs to several entities gives one mention per entity, with the same span.
   */
  findAll(text: string): Array<{ id: string; start: number; end: number }> {
    const tokens = tokenize(text);
    const candidates: Array<{ id: string; from: number; to: number; start: number; end: number }> =
      [];
    tokens.forEach((token, i) => {
      const keys = token.base ? [token.key, token.base.key] : [token.key];
      for (const key of keys) {
        for (const pattern of this.byFirstWord.get(key) ?? []) {
          const end = this.match(text, tokens, i, pattern);
          if (end !== undefined) {
            candidates.push({
              id: pattern.id,
              from: i,
              to: i + pattern.words.length,
              start: token.start,
              end,
            });
          }
        }
      }
    });

    candidates.sort((a, b) => b.to - b.from - (a.to - a.from) || a.from - b.from);
    const taken = new Array<boolean>(tokens.length).fill(false);
    const takenSpans = new Set<string>();
    const mentions: Array<{ id: string; start: number; end: number }> = [];
    const seen = new Set<string>();
    for (const candidate of candidates) {
      const span = `${candidate.from}:${candidate.to}`;
      if (!takenSpans.has(span)) {
        if (taken.slice(candidate.from, candidate.to).some(Boolean)) continue;
        taken.fill(true, candidate.from, candidate.to);
        takenSpans.add(span);
      }
      const mention = `${candidate.id}\u0000${candidate.start}`;
      if (seen.has(mention)) continue;
      seen.add(mention);
      mentions.push({ id: candidate.id, start: candidate.start, end: candidate.end });
    }
    return mentions.sort((a, b) => a.start - b.start || a.end - b.end);
  }

  /** The end (UTF-16) of the mention of `pattern` starting at token `at`, if it matches there. */
  private match(
    text: string,
    tokens: readonly Token[],
    at: number,
    pattern: Pattern,
  ): number | undefined {
    const { words } = pattern;
    if (at + words.length > tokens.length) return undefined;
    let end = 0;
    for (let j = 0; j < words.length; j++) {
      const token = tokens[at + j];
      if (token === undefined) return undefined;
      const { base } = token;
      if (token.key === words[j]) end = token.end;
      // A possessive can only close a name: "China’s Sea" is not "China Sea".
      else if (base && base.key === words[j] && j === words.length - 1) end = base.end;
      else return undefined;
      if (j > 0) {
        const previous = tokens[at + j - 1];
        const join = previous === undefined ? '' : text.slice(previous.end, token.start);
        const allowed = pattern.joins[j - 1] ?? '';
        for (const mark of join.match(BREAKS) ?? []) {
          if (!allowed.includes(mark)) return undefined;
        }
      }
    }
    const start = tokens[at]?.start ?? 0;
    if (pattern.capitals && LOWER.test(text.slice(start, end))) return undefined;
    if (pattern.trail !== '' && end === tokens[at + words.length - 1]?.end) {
      if (text.startsWith(pattern.trail, end)) end += pattern.trail.length;
    }
    return end;
  }
}
