import { NearestPassage, describeDifferences, nearestPassage } from '../../src/ingest/quote-diff';

/** The nearest passage in the whole text, checked to slice back to itself. */
function nearest(text: string, quote: string): NearestPassage | undefined {
  const found = nearestPassage(text, 0, text.length, quote);
  if (found) expect(text.slice(found.start, found.end)).toBe(found.passage);
  return found;
}

/** Deterministic filler: words of a made-up language, no quote can match it by chance. */
function filler(length: number): string {
  const syllables = ['ka', 'lo', 'mi', 'ter', 'van', 'sul', 'po', 're', 'dax', 'nu'];
  let seed = 7;
  let out = '';
  while (out.length < length) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    const word = Array.from(
      { length: 1 + (seed % 3) },
      (_, i) => syllables[(seed >> (4 + 3 * i)) % syllables.length],
    ).join('');
    out += seed % 11 === 0 ? `${word}.\n` : `${word} `;
  }
  return out.slice(0, length);
}

const ARTICLE = [
  'Foreign relations of the Kingdom',
  '',
  'China',
  'Beijing’s policy toward the region has been firm since the 1990s.',
  'The minister called it “a grave mistake” in 1997.',
  'The war of 1950–1953 left the border with',
  'China closed for  decades.',
  'Talks were to continue… eventually.',
  'the Treaty of Friendship was signed by both.',
  'Relations with Cambodia improved after 1993.',
].join('\n');

describe('nearestPassage', () => {
  it('finds a curly apostrophe where the quote has a straight one', () => {
    const found = nearest(ARTICLE, "Beijing's policy toward the region");
    expect(found?.passage).toBe('Beijing’s policy toward the region');
    expect(found?.differences).toEqual([{ quoteIndex: 7, quote: "'", text: '’', kind: 'quotes' }]);
  });

  it('finds curly double quotes where the quote has straight ones', () => {
    const found = nearest(ARTICLE, 'called it "a grave mistake"');
    expect(found?.passage).toBe('called it “a grave mistake”');
    expect(found?.differences).toEqual([
      { quoteIndex: 10, quote: '"', text: '“', kind: 'quotes' },
      { quoteIndex: 26, quote: '"', text: '”', kind: 'quotes' },
    ]);
  });

  it('finds an en dash where the quote has a hyphen', () => {
    const found = nearest(ARTICLE, 'The war of 1950-1953');
    expect(found?.passage).toBe('The war of 1950–1953');
    expect(found?.differences).toEqual([{ quoteIndex: 15, quote: '-', text: '–', kind: 'dashes' }]);
  });

  it('finds a line break and a double space where the quote has single spaces', () => {
    const found = nearest(ARTICLE, 'the border with China closed for decades');
    expect(found?.passage).toBe('the border with\nChina closed for  decades');
    expect(found?.differences).toEqual([
      { quoteIndex: 15, quote: ' ', text: '\n', kind: 'spaces' },
      { quoteIndex: 32, quote: ' ', text: '  ', kind: 'spaces' },
    ]);
  });

  it('finds an ellipsis character where the quote has three dots', () => {
    const found = nearest(ARTICLE, 'Talks were to continue... eventually.');
    expect(found?.passage).toBe('Talks were to continue… eventually.');
    expect(found?.differences).toEqual([
      { quoteIndex: 22, quote: '...', text: '…', kind: 'ellipsis' },
    ]);
  });

  it('finds a passage that differs in letter case', () => {
    const found = nearest(ARTICLE, 'The treaty of friendship');
    expect(found?.passage).toBe('the Treaty of Friendship');
    expect(found?.differences.map((d) => [d.quote, d.text, d.kind])).toEqual([
      ['T', 't', 'case'],
      ['t', 'T', 'case'],
      ['f', 'F', 'case'],
    ]);
  });

  it('finds the passage despite a changed word, as one difference of kind other', () => {
    const found = nearest(ARTICLE, 'Relations with Cambodias improved after 1993');
    expect(found?.passage).toBe('Relations with Cambodia improved after 1993');
    expect(found?.differences).toEqual([{ quoteIndex: 23, quote: 's', text: '', kind: 'other' }]);

    const word = nearest(ARTICLE, 'Relations with Vietnam improved after 1993');
    expect(word?.passage).toBe('Relations with Cambodia improved after 1993');
    expect(word?.differences).toHaveLength(1);
    expect(word?.differences[0]?.kind).toBe('other');
  });

  it('finds a passage with a typo and a look-alike together', () => {
    const found = nearest(ARTICLE, "Beijing's polcy toward the region");
    expect(found?.passage).toBe('Beijing’s policy toward the region');
    expect(found?.differences).toEqual([
      { quoteIndex: 7, quote: "'", text: '’', kind: 'quotes' },
      { quoteIndex: 13, quote: '', text: 'i', kind: 'other' },
    ]);
  });

  it('answers undefined when nothing is near', () => {
    expect(nearest(ARTICLE, 'An entirely unrelated sentence about weather')).toBeUndefined();
  });

  it('looks only within [from, to)', () => {
    const china = ARTICLE.indexOf('China\n') + 'China\n'.length;
    const tail = ARTICLE.indexOf('Talks');
    expect(nearestPassage(ARTICLE, tail, ARTICLE.length, "Beijing's policy")).toBeUndefined();
    const found = nearestPassage(ARTICLE, china, tail, "Beijing's policy");
    expect(found?.start).toBe(ARTICLE.indexOf('Beijing’s'));
    expect(found?.end).toBe(ARTICLE.indexOf('Beijing’s') + 'Beijing’s policy'.length);
  });

  it('gives offsets into the whole text that slice back to the passage', () => {
    const from = ARTICLE.indexOf('The minister');
    const found = nearestPassage(ARTICLE, from, ARTICLE.length, 'The war of 1950-1953 left');
    expect(found).toBeDefined();
    expect(found?.start).toBe(ARTICLE.indexOf('The war'));
    expect(ARTICLE.slice(found?.start, found?.end)).toBe(found?.passage);
    expect(found?.passage).toBe('The war of 1950–1953 left');
  });

  it('finds a passage near the end of a long text', () => {
    const text = `${filler(150_000)}\nIn 2004 the king’s envoy visited Phnom Penh twice.\n`;
    const found = nearest(text, "In 2004 the kings' envoy visted Phnom Penh twice.");
    expect(found?.passage).toBe('In 2004 the king’s envoy visited Phnom Penh twice.');
    expect(found?.start).toBe(text.indexOf('In 2004'));
    expect(found?.differences.map((d) => [d.quote, d.text])).toEqual([
      ["s'", '’s'],
      ['', 'i'],
    ]);
  });

  it('keeps UTF-16 indices after astral characters', () => {
    const text = '🇰🇭 Intro 😀😀 text.\nChina 🐉\nBeijing’s policy is firm.';
    const found = nearest(text, "Beijing's policy");
    expect(found?.start).toBe(text.indexOf('Beijing’s'));
    expect(found?.differences).toEqual([{ quoteIndex: 7, quote: "'", text: '’', kind: 'quotes' }]);
  });

  it('never splits a surrogate pair', () => {
    const text = 'Opening words. The emblem 😀 stands for the treaty.';
    const other = nearest(text, 'The emblem 😁 stands for the treaty');
    expect(other?.passage).toBe('The emblem 😀 stands for the treaty');
    expect(other?.differences).toEqual([
      { quoteIndex: 11, quote: '😁', text: '😀', kind: 'other' },
    ]);

    const letter = nearest(text, 'X stands for the treaty');
    expect(letter?.passage).toBe('😀 stands for the treaty');
    expect(letter?.differences).toEqual([{ quoteIndex: 0, quote: 'X', text: '😀', kind: 'other' }]);
  });

  it('finds the passage when the quote occurs verbatim, with no differences', () => {
    const found = nearest(ARTICLE, 'closed for  decades');
    expect(found?.differences).toEqual([]);
  });
});

describe('describeDifferences', () => {
  it('names a curly apostrophe and its line', () => {
    const found = nearestPassage(ARTICLE, 0, ARTICLE.length, "Beijing's policy");
    if (!found) throw new Error('expected a passage');
    expect(describeDifferences(found, ARTICLE)).toBe(
      'nearest passage: "Beijing’s policy" (line 4); ' +
        "the quote has ' (U+0027) where the text has ’ (U+2019)",
    );
  });

  it('names invisible characters in plain words', () => {
    const text = 'Heading\nthe border\u00a0with\nChina';
    const found = nearestPassage(text, 0, text.length, 'the border with China');
    if (!found) throw new Error('expected a passage');
    expect(describeDifferences(found, text)).toBe(
      'nearest passage: "the border with China" (line 2); ' +
        'the quote has a space where the text has a no-break space (U+00A0), ' +
        'the quote has a space where the text has a line break',
    );
  });

  it('lists three differences and counts the rest', () => {
    const text = 'Intro.\n\n“It’s the region’s — and the world’s — concern”, he said.';
    const found = nearestPassage(
      text,
      0,
      text.length,
      `"It's the region's - and the world's - concern", he said.`,
    );
    if (!found) throw new Error('expected a passage');
    expect(found.differences).toHaveLength(7);
    const message = describeDifferences(found, text);
    expect(message).toMatch(/^nearest passage: "“It’s the region’s .*" \(line 3\); /);
    expect(message.match(/the quote has/g)).toHaveLength(3);
    expect(message).toMatch(/, and 4 more differences$/);
  });

  it('names a missing word as plain text and cuts a long passage', () => {
    const sentence = `${'The delegation met officials from many ministries and agencies '.repeat(3)}today.`;
    const text = `Top\n${sentence}`;
    const quote = sentence.replace('many ministries', 'ministries');
    const found = nearestPassage(text, 0, text.length, quote);
    if (!found) throw new Error('expected a passage');
    const message = describeDifferences(found, text);
    expect(message).toContain('the text has " many" that the quote lacks');
    const shown = /^nearest passage: "(.*)" \(line 2\);/.exec(message)?.[1];
    expect(shown).toHaveLength(120);
    expect(shown?.endsWith('…')).toBe(true);
  });
});
