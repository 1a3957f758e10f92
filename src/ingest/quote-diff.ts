/**
 * Tells an author why a quote was not found verbatim: the passage of the source text nearest to
 * it, and each place where the two differ. Most misses are invisible (curly quotes, dashes,
 * no-break spaces, line breaks), so the differences name those characters.
 */

/** One place where a quote and the nearest passage of the text differ. */
export interface QuoteDifference {
  /** Index (UTF-16) in the quote where the difference starts. */
  quoteIndex: number;
  /** What the quote has there ('' when the text has something the quote lacks). */
  quote: string;
  /** What the text has there ('' when the quote has something the text lacks). */
  text: string;
  /**
   * A name for the difference when it is a known look-alike: 'quotes', 'dashes', 'spaces'
   * (whitespace, line breaks and invisible characters such as a soft hyphen), 'ellipsis', 'case';
   * else 'other'.
   */
  kind: 'quotes' | 'dashes' | 'spaces' | 'ellipsis' | 'case' | 'other';
}

/** The passage of a text nearest to a quote, and how they differ. */
export interface NearestPassage {
  /** UTF-16 indices of the passage in the whole text. */
  start: number;
  end: number;
  passage: string;
  /** In quote order; empty when the quote occurs verbatim. */
  differences: QuoteDifference[];
}

/** Beyond this many characters in [from, to), only the normalised match is tried. */
const MAX_ALIGNED_RANGE = 200_000;
/** Quotes are at most 400 characters; a much longer one only gets the normalised match. */
const MAX_ALIGNED_QUOTE = 1_000;
/** How many differences describeDifferences lists before "and N more". */
const LISTED_DIFFERENCES = 3;
/** Where describeDifferences cuts a long passage. */
const SHOWN_PASSAGE = 120;

/**
 * Finds the passage of text[from, to) nearest to `quote` (smallest edit distance over characters,
 * the quote aligned whole, the passage anywhere), or undefined when nothing is near (more than
 * about a third of the quote's characters would have to change).
 *
 * Look-alikes cost nothing in the search: straight and curly quotes, the dashes, runs of
 * whitespace (no-break spaces, tabs, line breaks), '…' and '...', letter case; zero-width spaces
 * and soft hyphens are skipped. They are still reported as differences.
 *
 * Bounded work: a match that differs only by look-alikes is found in O(to − from). Otherwise the
 * edit-distance search costs O(quote × (to − from)) time (less in practice: rows that already
 * cost more than the limit are skipped) and O(quote) memory, then O(quote²) for the differences.
 * It is only tried when the range has at most 200,000 characters and the quote at most 1,000;
 * beyond, only the look-alike match is tried (undefined if it fails).
 *
 * The passage never splits a surrogate pair, nor does any difference.
 */
export function nearestPassage(
  text: string,
  from: number,
  to: number,
  quote: string,
): NearestPassage | undefined {
  const rangeStart = Math.max(0, Math.min(from, text.length));
  const rangeEnd = Math.max(rangeStart, Math.min(to, text.length));
  if (quote.length === 0) return undefined;

  const verbatim = text.slice(rangeStart, rangeEnd).indexOf(quote);
  if (verbatim !== -1) {
    const start = rangeStart + verbatim;
    return { start, end: start + quote.length, passage: quote, differences: [] };
  }

  const q = fold(quote, 0, quote.length);
  if (q.length === 0) return undefined;
  const t = fold(text, rangeStart, rangeEnd);

  let steps: Step[];
  const at = foldedString(t).indexOf(foldedString(q));
  if (at !== -1) {
    steps = Array.from({ length: q.length }, (_, i) => ({ q: i, t: at + i }));
  } else {
    if (rangeEnd - rangeStart > MAX_ALIGNED_RANGE || q.length > MAX_ALIGNED_QUOTE) return undefined;
    const end = bestEnd(q, t, Math.floor(q.length / 3));
    if (end === undefined) return undefined;
    steps = traceback(q, t, end);
  }
  return passageOf(text, quote, q, t, steps);
}

/**
 * A message part for an author: e.g. `nearest passage: "…" (line 12); the quote has ' (U+0027)
 * where the text has ’ (U+2019), and 2 more differences`. `text` is the whole text the passage's
 * indices refer to (for the line number).
 */
export function describeDifferences(nearest: NearestPassage, text: string): string {
  const head = `nearest passage: "${shownPassage(nearest.passage)}" (line ${lineOf(text, nearest.start)})`;
  if (nearest.differences.length === 0) return `${head}; it is the quote exactly`;
  const parts = nearest.differences.slice(0, LISTED_DIFFERENCES).map(describeDifference);
  const more = nearest.differences.length - parts.length;
  if (more > 0) parts.push(`and ${more} more difference${more === 1 ? '' : 's'}`);
  return `${head}; ${parts.join(', ')}`;
}

// Folding: a string with look-alikes made equal, and where each folded character came from.

interface Folded {
  codes: Uint16Array;
  /** Original UTF-16 range of each folded character (a whitespace run folds to one). */
  starts: Int32Array;
  ends: Int32Array;
  length: number;
}

const SPACE = 1;
const DASH = 2;
const ELLIPSIS = 0x2026;

function fold(s: string, from: number, to: number): Folded {
  // '…' folds to three characters: size the arrays once.
  let capacity = to - from;
  for (let i = from; i < to; i++) if (s.charCodeAt(i) === ELLIPSIS) capacity += 2;
  const codes = new Uint16Array(capacity);
  const starts = new Int32Array(capacity);
  const ends = new Int32Array(capacity);
  let n = 0;
  // Skipped characters before the first kept one still belong to the first one.
  let pending = -1;
  let run = 0;
  const emit = (code: number, start: number, end: number): void => {
    codes[n] = code;
    starts[n] = pending >= 0 ? pending : start;
    ends[n] = end;
    pending = -1;
    n++;
  };
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (isSkipped(c)) {
      // Attached to the previous character so that folded ranges stay contiguous.
      if (n > 0) ends[n - 1] = i + 1;
      else if (pending < 0) pending = i;
      continue;
    }
    const cls = isSpace(c) ? SPACE : isDash(c) ? DASH : 0;
    if (cls !== 0 && cls === run) {
      ends[n - 1] = i + 1;
      continue;
    }
    run = cls;
    if (c === ELLIPSIS) {
      for (let k = 0; k < 3; k++) emit(0x2e, i, i + 1);
    } else {
      emit(cls === SPACE ? 0x20 : cls === DASH ? 0x2d : foldChar(c), i, i + 1);
    }
  }
  return { codes, starts, ends, length: n };
}

function foldChar(c: number): number {
  if (isSingleQuote(c)) return 0x27;
  if (isDoubleQuote(c)) return 0x22;
  if (c < 0x80) return c >= 0x41 && c <= 0x5a ? c + 32 : c;
  if (c >= 0xd800 && c <= 0xdfff) return c;
  // Lower-casing one code unit may give two (İ); such a letter is kept as it is.
  const lower = String.fromCharCode(c).toLowerCase();
  return lower.length === 1 ? lower.charCodeAt(0) : c;
}

function foldedString(f: Folded): string {
  let out = '';
  // Chunks keep the argument list of fromCharCode small.
  for (let i = 0; i < f.length; i += 8192) {
    out += String.fromCharCode(...f.codes.subarray(i, Math.min(f.length, i + 8192)));
  }
  return out;
}

function isSingleQuote(c: number): boolean {
  return (
    c === 0x27 ||
    c === 0x60 ||
    c === 0xb4 ||
    c === 0x2bc ||
    (c >= 0x2018 && c <= 0x201b) ||
    c === 0x2032 ||
    c === 0x2039 ||
    c === 0x203a ||
    c === 0xff07
  );
}

function isDoubleQuote(c: number): boolean {
  return (
    c === 0x22 ||
    c === 0xab ||
    c === 0xbb ||
    (c >= 0x201c && c <= 0x201f) ||
    c === 0x2033 ||
    c === 0xff02
  );
}

function isDash(c: number): boolean {
  return (
    c === 0x2d ||
    (c >= 0x2010 && c <= 0x2015) ||
    c === 0x2212 ||
    c === 0xfe58 ||
    c === 0xfe63 ||
    c === 0xff0d
  );
}

function isSpace(c: number): boolean {
  return (
    c === 0x20 ||
    (c >= 0x09 && c <= 0x0d) ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000
  );
}

/** Invisible characters that texts carry by accident: skipped when matching. */
function isSkipped(c: number): boolean {
  return c === 0xad || c === 0x200b || c === 0x2060 || c === 0xfeff;
}

/** Invisible but meaningful (joiners shape emoji and some scripts): kept when matching. */
function isInvisible(c: number): boolean {
  return isSkipped(c) || c === 0x200c || c === 0x200d;
}

// Alignment over folded strings.

/** One column of an alignment: folded indices, -1 for a gap. */
interface Step {
  q: number;
  t: number;
}

/**
 * The end (exclusive, folded index) of the passage nearest to the quote, if within `limit` edits:
 * one column of the semi-global edit-distance matrix at a time, skipping the rows below the last
 * one still within the limit (Ukkonen's cut-off), as those cannot come back under it.
 */
function bestEnd(q: Folded, t: Folded, limit: number): number | undefined {
  const m = q.length;
  const Q = q.codes;
  const T = t.codes;
  const C = new Int32Array(m + 1);
  for (let i = 0; i <= m; i++) C[i] = i;
  let top = Math.min(m, limit + 1);
  // Among equal distances, a passage ending on the quote's last character reads better
  // ("abc" in "abXc" is "abXc", not "abX"): it scores one less.
  let bestScore = 2 * limit + 2;
  let best: number | undefined;
  const last = Q[m - 1];
  for (let j = 0; j < t.length; j++) {
    const tc = T[j];
    let diagonal = 0;
    let above = 0;
    for (let i = 1; i <= top; i++) {
      const left = C[i] as number;
      // No Math.min here: under jest's vm context every global lookup is slow.
      let value = diagonal;
      if (Q[i - 1] !== tc) {
        if (above < value) value = above;
        if (left < value) value = left;
        value++;
      }
      diagonal = left;
      C[i] = value;
      above = value;
    }
    let active = top;
    while ((C[active] as number) > limit) active--;
    if (active === m) {
      const score = 2 * (C[m] as number) + (tc === last ? 0 : 1);
      // A tie right after the best end extends it: "…199" for "…1998" reads worse than
      // "…1997", one character changed rather than one missing.
      if (score < bestScore || (score === bestScore && best === j)) {
        bestScore = score;
        best = j + 1;
        // Distance 0 was ruled out by the look-alike match: nothing can beat this.
        if (score <= 2) break;
      }
    }
    top = active < m ? active + 1 : m;
  }
  return best;
}

/**
 * The alignment of the whole quote against the passage ending at `end`, from a full matrix over
 * a window of 2 × quote + 1 folded characters before `end` (enough: a passage within the limit
 * is at most quote + quote / 3 long).
 */
function traceback(q: Folded, t: Folded, end: number): Step[] {
  const m = q.length;
  const windowStart = Math.max(0, end - (2 * m + 1));
  const w = end - windowStart;
  const Q = q.codes;
  const T = t.codes;
  const width = w + 1;
  const D = new Uint16Array((m + 1) * width);
  for (let i = 1; i <= m; i++) {
    D[i * width] = i;
    for (let j = 1; j <= w; j++) {
      let value = D[(i - 1) * width + j - 1] as number;
      if (Q[i - 1] !== T[windowStart + j - 1]) {
        const up = D[(i - 1) * width + j] as number;
        const left = D[i * width + j - 1] as number;
        if (up < value) value = up;
        if (left < value) value = left;
        value++;
      }
      D[i * width + j] = value;
    }
  }
  const steps: Step[] = [];
  let i = m;
  let j = w;
  const at = (r: number, c: number): number => D[r * width + c] as number;
  // A gap once open stays open while that costs nothing more: "from many ministries" against
  // "from ministries" lacks " many", not "m " and "any" around a borrowed "m".
  let gap: 'text' | 'quote' | undefined;
  while (i > 0) {
    const here = at(i, j);
    const textGap = j > 0 && here === at(i, j - 1) + 1;
    const quoteGap = here === at(i - 1, j) + 1;
    // Otherwise, among equal costs: a match; then text the quote lacks, so that a passage
    // starting with an extra character keeps the quote's first one ("a" in "aXbc"); then a
    // substitution; then quote the text lacks.
    if (gap === 'text' && textGap) {
      steps.push({ q: -1, t: windowStart + j - 1 });
      j--;
    } else if (gap === 'quote' && quoteGap) {
      steps.push({ q: i - 1, t: -1 });
      i--;
    } else if (j > 0 && Q[i - 1] === T[windowStart + j - 1] && here === at(i - 1, j - 1)) {
      gap = undefined;
      steps.push({ q: i - 1, t: windowStart + j - 1 });
      i--;
      j--;
    } else if (textGap) {
      gap = 'text';
      steps.push({ q: -1, t: windowStart + j - 1 });
      j--;
    } else if (j > 0 && here === at(i - 1, j - 1) + 1) {
      gap = undefined;
      steps.push({ q: i - 1, t: windowStart + j - 1 });
      i--;
      j--;
    } else {
      gap = 'quote';
      steps.push({ q: i - 1, t: -1 });
      i--;
    }
  }
  return steps.reverse();
}

// From an alignment over folded strings to a passage and differences over the originals.

/** Original UTF-16 ranges: [q0, q1) in the quote, [t0, t1) in the text. */
interface Span {
  q0: number;
  q1: number;
  t0: number;
  t1: number;
}

function passageOf(
  text: string,
  quote: string,
  q: Folded,
  t: Folded,
  steps: Step[],
): NearestPassage {
  const inText = steps.filter((s) => s.t >= 0);
  const first = inText[0];
  const last = inText[inText.length - 1];
  // The search never yields a passage without text (it would cost the whole quote).
  const alignedStart = first ? (t.starts[first.t] as number) : 0;
  const alignedEnd = last ? (t.ends[last.t] as number) : alignedStart;
  const start = codePointStart(text, alignedStart);
  const end = codePointEnd(text, alignedEnd);

  const columns: Span[] = [];
  let qCursor = 0;
  let tCursor = start;
  if (start < alignedStart) {
    columns.push({ q0: 0, q1: 0, t0: start, t1: alignedStart });
    tCursor = alignedStart;
  }
  for (const step of steps) {
    const span: Span = {
      q0: step.q >= 0 ? (q.starts[step.q] as number) : qCursor,
      q1: step.q >= 0 ? (q.ends[step.q] as number) : qCursor,
      t0: step.t >= 0 ? (t.starts[step.t] as number) : tCursor,
      t1: step.t >= 0 ? (t.ends[step.t] as number) : tCursor,
    };
    columns.push(span);
    qCursor = span.q1;
    tCursor = span.t1;
  }
  if (tCursor < end) columns.push({ q0: qCursor, q1: qCursor, t0: tCursor, t1: end });

  return {
    start,
    end,
    passage: text.slice(start, end),
    differences: differencesOf(text, quote, columns),
  };
}

function differencesOf(text: string, quote: string, columns: Span[]): QuoteDifference[] {
  // Columns that differ, run together: "Cambodias" vs "Cambodia" is one difference.
  const runs: Span[] = [];
  let open: Span | undefined;
  for (const c of columns) {
    if (quote.slice(c.q0, c.q1) === text.slice(c.t0, c.t1)) {
      open = undefined;
    } else if (open) {
      open.q0 = Math.min(open.q0, c.q0);
      open.q1 = Math.max(open.q1, c.q1);
      open.t0 = Math.min(open.t0, c.t0);
      open.t1 = Math.max(open.t1, c.t1);
    } else {
      open = { ...c };
      runs.push(open);
    }
  }

  const spans: Span[] = [];
  for (const run of runs) {
    const span = trimmed(text, quote, run);
    if (!span) continue;
    span.q0 = codePointStart(quote, span.q0);
    span.q1 = codePointEnd(quote, span.q1);
    span.t0 = codePointStart(text, span.t0);
    span.t1 = codePointEnd(text, span.t1);
    const previous = spans[spans.length - 1];
    if (previous && (span.q0 < previous.q1 || span.t0 < previous.t1)) {
      previous.q1 = Math.max(previous.q1, span.q1);
      previous.t1 = Math.max(previous.t1, span.t1);
    } else {
      spans.push(span);
    }
  }

  const differences: QuoteDifference[] = [];
  let previousSpan: Span | undefined;
  for (const span of spans) {
    const difference = differenceOf(text, quote, span);
    const previous = differences[differences.length - 1];
    // A changed word may align as two pieces around a shared letter ("Laos" vs "Vietnam"):
    // one difference reads better.
    if (
      previous &&
      previousSpan &&
      previous.kind === 'other' &&
      difference.kind === 'other' &&
      shortGap(quote.slice(previousSpan.q1, span.q0)) &&
      shortGap(text.slice(previousSpan.t1, span.t0))
    ) {
      previousSpan.q1 = span.q1;
      previousSpan.t1 = span.t1;
      differences[differences.length - 1] = differenceOf(text, quote, previousSpan);
    } else {
      differences.push(difference);
      previousSpan = { ...span };
    }
  }
  return differences;
}

function shortGap(gap: string): boolean {
  return gap.length <= 2 && !/\s/.test(gap);
}

/**
 * Without the characters both sides share at their edges ("Cambodia" vs "Cambodias" is an extra
 * "s"); whitespace is kept whole, as "a space where the text has 2 spaces" reads better than "an
 * extra space".
 */
function trimmed(text: string, quote: string, span: Span): Span | undefined {
  const qs = quote.slice(span.q0, span.q1);
  const ts = text.slice(span.t0, span.t1);
  if (qs === ts) return undefined;
  if (every(qs + ts, (c) => isSpace(c) || isInvisible(c))) return { ...span };
  const shortest = Math.min(qs.length, ts.length);
  let prefix = 0;
  while (prefix < shortest && qs[prefix] === ts[prefix]) prefix++;
  let suffix = 0;
  while (suffix < shortest - prefix && qs[qs.length - 1 - suffix] === ts[ts.length - 1 - suffix]) {
    suffix++;
  }
  return {
    q0: span.q0 + prefix,
    q1: span.q1 - suffix,
    t0: span.t0 + prefix,
    t1: span.t1 - suffix,
  };
}

function differenceOf(text: string, quote: string, span: Span): QuoteDifference {
  const qs = quote.slice(span.q0, span.q1);
  const ts = text.slice(span.t0, span.t1);
  return { quoteIndex: span.q0, quote: qs, text: ts, kind: kindOf(qs, ts) };
}

function kindOf(qs: string, ts: string): QuoteDifference['kind'] {
  const both = qs + ts;
  if (every(both, (c) => isSpace(c) || isInvisible(c))) return 'spaces';
  // Spaces around a look-alike do not make it another kind (`" ` vs `“`, ` - ` vs `—`).
  const qv = withoutSpaces(qs);
  const tv = withoutSpaces(ts);
  if (qv !== '' && tv !== '') {
    const visible = qv + tv;
    if (every(visible, (c) => isSingleQuote(c) || isDoubleQuote(c))) return 'quotes';
    if (every(visible, isDash)) return 'dashes';
    if (visible.includes('…') && qv.replace(/…/g, '...') === tv.replace(/…/g, '...')) {
      return 'ellipsis';
    }
  }
  if (qs !== '' && ts !== '' && qs.toLowerCase() === ts.toLowerCase()) return 'case';
  return 'other';
}

function every(s: string, test: (c: number) => boolean): boolean {
  for (let i = 0; i < s.length; i++) if (!test(s.charCodeAt(i))) return false;
  return true;
}

function withoutSpaces(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!isSpace(c) && !isInvisible(c)) out += s[i];
  }
  return out;
}

function isHigh(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

function isLow(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/** `index`, moved back if it falls inside a surrogate pair. */
function codePointStart(s: string, index: number): number {
  return index > 0 && isLow(s.charCodeAt(index)) && isHigh(s.charCodeAt(index - 1))
    ? index - 1
    : index;
}

/** `index` as an end, moved forward if it falls inside a surrogate pair. */
function codePointEnd(s: string, index: number): number {
  return index > 0 && isHigh(s.charCodeAt(index - 1)) && isLow(s.charCodeAt(index))
    ? index + 1
    : index;
}

// Words for an author.

function lineOf(text: string, index: number): number {
  let line = 1;
  for (let at = text.indexOf('\n'); at !== -1 && at < index; at = text.indexOf('\n', at + 1)) {
    line++;
  }
  return line;
}

function shownPassage(passage: string): string {
  // One line: the differences name the line breaks and odd spaces.
  const flat = passage.replace(/\s+/g, ' ');
  if (flat.length <= SHOWN_PASSAGE) return flat;
  return `${flat.slice(0, codePointStart(flat, SHOWN_PASSAGE - 1))}…`;
}

function describeDifference(d: QuoteDifference): string {
  if (d.quote === '') return `the text has ${describeSide(d.text)} that the quote lacks`;
  if (d.text === '') return `the quote has ${describeSide(d.quote)} that the text lacks`;
  return `the quote has ${describeSide(d.quote)} where the text has ${describeSide(d.text)}`;
}

/** Words without look-alikes are shown in double quotes; look-alikes and invisibles are named. */
function describeSide(s: string): string {
  const chars = Array.from(s);
  const plain = (k: number): boolean => {
    const c = chars[k];
    if (c === undefined) return false;
    // A single space beside words is part of them ("the big dog", "many ").
    if (c === ' ') {
      const before = chars[k - 1];
      const after = chars[k + 1];
      return (
        chars.length > 1 &&
        (before === undefined || ordinary(before)) &&
        (after === undefined || ordinary(after))
      );
    }
    return ordinary(c);
  };
  const tokens: string[] = [];
  let k = 0;
  while (k < chars.length) {
    const c = chars[k] as string;
    let next = k + 1;
    if (plain(k)) {
      while (next < chars.length && plain(next)) next++;
      tokens.push(`"${chars.slice(k, next).join('')}"`);
    } else if (c === '\r' && chars[k + 1] === '\n') {
      next = k + 2;
      while (chars[next] === '\r' && chars[next + 1] === '\n') next += 2;
      tokens.push(counted((next - k) / 2, 'line break', ''));
    } else {
      while (chars[next] === c) next++;
      tokens.push(nameRun(c, next - k));
    }
    k = next;
  }
  // A long jumble of look-alikes is clearer as it is.
  if (tokens.length > 4) return `"${s.replace(/\s+/g, ' ')}"`;
  return tokens.join(' then ');
}

function ordinary(c: string): boolean {
  if (c === '') return false;
  const code = c.charCodeAt(0);
  return !(
    isSpace(code) ||
    isInvisible(code) ||
    isSingleQuote(code) ||
    isDoubleQuote(code) ||
    isDash(code) ||
    code === ELLIPSIS
  );
}

const NAMES: ReadonlyMap<number, string> = new Map([
  [0x20, 'space'],
  [0x09, 'tab'],
  [0x0a, 'line break'],
  [0x0b, 'vertical tab'],
  [0x0c, 'form feed'],
  [0x0d, 'carriage return'],
  [0xa0, 'no-break space'],
  [0xad, 'soft hyphen'],
  [0x1680, 'ogham space'],
  [0x2002, 'en space'],
  [0x2003, 'em space'],
  [0x2007, 'figure space'],
  [0x2008, 'punctuation space'],
  [0x2009, 'thin space'],
  [0x200a, 'hair space'],
  [0x200b, 'zero-width space'],
  [0x200c, 'zero-width non-joiner'],
  [0x200d, 'zero-width joiner'],
  [0x2028, 'line separator'],
  [0x2029, 'paragraph separator'],
  [0x202f, 'narrow no-break space'],
  [0x205f, 'medium mathematical space'],
  [0x2060, 'word joiner'],
  [0x3000, 'ideographic space'],
  [0xfeff, 'zero-width no-break space'],
]);

/** Characters everyone knows by name: no code point needed. */
const FAMILIAR = new Set([0x20, 0x09, 0x0a]);

function nameRun(c: string, count: number): string {
  const code = c.codePointAt(0) ?? 0;
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  const name = NAMES.get(code) ?? (isSpace(code) || isInvisible(code) ? 'space character' : '');
  if (name !== '') return counted(count, name, FAMILIAR.has(code) ? '' : ` (${hex})`);
  return count === 1 ? `${c} (${hex})` : `${c.repeat(count)} (${count} × ${hex})`;
}

function counted(count: number, name: string, suffix: string): string {
  if (count > 1) return `${count} ${name}s${suffix}`;
  return `${/^[aeio]/.test(name) ? 'an' : 'a'} ${name}${suffix}`;
}
