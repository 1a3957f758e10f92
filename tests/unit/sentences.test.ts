import { locateSections, SourceText } from '../../src/ingest/source-text';
import { EntityName, MentionFinder, splitSentences } from '../../src/ingest/sentences';

/** A made-up article in the shape of the series: a lead, then headed sections. */
const ARTICLE = [
  'Veldoria is a small coastal state on the Amber Sea. Its foreign policy rests on neutrality and trade. Mr. Arlen Tosk has been foreign minister since 2019.',
  'Ties with the United States',
  'Veldoria opened an embassy in the U.S. The two governments restored full ties in 2008. Aid arrives through the U.S. Agency for Development. Trade reached 3.5 billion dollars in 2022, i.e. a tenth of exports.',
  '',
  '  Dr. J. Smith led the talks in Jan. 2021 with Gen. Mora and Sen. Halloway. Officials called the accord a “comprehensive partnership.” Critics asked whether it would last! Others were unsure... but most agreed it was a start.',
  'Regional partners',
  'Veldoria joined the Amber Sea Forum in 1999 and signed treaty No. 4 with Lanmar. It trades with neighbours, e.g. Lanmar and Orvia, through Tarn Shipping Co. Ltd. and others. Exports go to Lanmar, Orvia, etc. The talks stalled… Then, in 2015, they resumed. “Why now?” one envoy asked.',
].join('\n');

const SECTIONS = [
  { id: 'lead', heading: null },
  { id: 'united-states', heading: 'Ties with the United States' },
  { id: 'region', heading: 'Regional partners' },
];

function locate(text: string, sections = SECTIONS): SourceText {
  const located = locateSections(text, sections);
  if (!located.text) throw new Error(`missing sections: ${located.missing.join(', ')}`);
  return located.text;
}

describe('splitSentences', () => {
  const source = locate(ARTICLE);
  const sentences = splitSentences(source);

  it('splits the lead and each section body, skipping headings and blank lines', () => {
    expect(sentences.map((s) => [s.index, s.section, s.line, s.text])).toEqual([
      [1, 'lead', 1, 'Veldoria is a small coastal state on the Amber Sea.'],
      [2, 'lead', 1, 'Its foreign policy rests on neutrality and trade.'],
      [3, 'lead', 1, 'Mr. Arlen Tosk has been foreign minister since 2019.'],
      [4, 'united-states', 3, 'Veldoria opened an embassy in the U.S.'],
      [5, 'united-states', 3, 'The two governments restored full ties in 2008.'],
      [6, 'united-states', 3, 'Aid arrives through the U.S. Agency for Development.'],
      [
        7,
        'united-states',
        3,
        'Trade reached 3.5 billion dollars in 2022, i.e. a tenth of exports.',
      ],
      [
        8,
        'united-states',
        5,
        'Dr. J. Smith led the talks in Jan. 2021 with Gen. Mora and Sen. Halloway.',
      ],
      [9, 'united-states', 5, 'Officials called the accord a “comprehensive partnership.”'],
      [10, 'united-states', 5, 'Critics asked whether it would last!'],
      [11, 'united-states', 5, 'Others were unsure... but most agreed it was a start.'],
      [
        12,
        'region',
        7,
        'Veldoria joined the Amber Sea Forum in 1999 and signed treaty No. 4 with Lanmar.',
      ],
      [
        13,
        'region',
        7,
        'It trades with neighbours, e.g. Lanmar and Orvia, through Tarn Shipping Co. Ltd. and others.',
      ],
      [14, 'region', 7, 'Exports go to Lanmar, Orvia, etc.'],
      [15, 'region', 7, 'The talks stalled…'],
      [16, 'region', 7, 'Then, in 2015, they resumed.'],
      [17, 'region', 7, '“Why now?” one envoy asked.'],
    ]);
  });

  it('gives indices that slice back to each sentence in the whole text', () => {
    for (const sentence of sentences) {
      expect(ARTICLE.slice(sentence.start, sentence.end)).toBe(sentence.text);
      const section = source.sections.get(sentence.section);
      expect(section).toBeDefined();
      expect(sentence.start).toBeGreaterThanOrEqual(section?.start ?? Infinity);
      expect(sentence.end).toBeLessThanOrEqual(section?.end ?? -Infinity);
    }
  });

  it('ends a sentence at a line break even without a full stop, and trims carriage returns', () => {
    const text = 'Opening line without a stop\r\nSecond line. Third one.\r\n';
    const result = splitSentences(locate(text, [{ id: 'lead', heading: null }]));
    expect(result.map((s) => [s.text, s.line])).toEqual([
      ['Opening line without a stop', 1],
      ['Second line.', 2],
      ['Third one.', 2],
    ]);
    for (const s of result) expect(text.slice(s.start, s.end)).toBe(s.text);
  });

  it('splits after a dotted acronym or an initial only before a common sentence starter', () => {
    const text = [
      'Aid came from the U.N. Development Fund. Talks were held in the U.K. However, no deal came.',
      'The plan was drafted by A. B. Carter. It was named Plan B. In 2020 it lapsed.',
    ].join('\n');
    expect(
      splitSentences(locate(text, [{ id: 'lead', heading: null }])).map((s) => s.text),
    ).toEqual([
      'Aid came from the U.N. Development Fund.',
      'Talks were held in the U.K.',
      'However, no deal came.',
      'The plan was drafted by A. B. Carter.',
      'It was named Plan B.',
      'In 2020 it lapsed.',
    ]);
  });

  it('yields nothing for text that no declared section covers', () => {
    const text = 'Preamble text. Not declared.\nBody\nOnly this. And this.';
    const result = splitSentences(locate(text, [{ id: 'body', heading: 'Body' }]));
    expect(result.map((s) => [s.section, s.text, s.line])).toEqual([
      ['body', 'Only this.', 3],
      ['body', 'And this.', 3],
    ]);
  });
});

describe('MentionFinder', () => {
  const names: EntityName[] = [
    { id: 'asean', name: 'Association of Southeast Asian Nations' },
    { id: 'asean', name: 'ASEAN' },
    { id: 'asean', name: 'asean' },
    { id: 'asia', name: 'Asian' },
    { id: 'scs-dispute', name: 'South China Sea dispute' },
    { id: 'CHN', name: 'China' },
    { id: 'KHM', name: 'Cambodia' },
    { id: 'KHM', name: 'KH' },
    { id: 'KHM', name: 'Kh' },
    { id: 'USA', name: 'United States' },
    { id: 'USA', name: 'US' },
    { id: 'USA', name: 'U.S.' },
    { id: 'un', name: 'UN' },
    { id: 'un', name: 'un' },
    { id: 'eu', name: 'European Union' },
    { id: 'eu', name: 'EU' },
    { id: 'CIV', name: 'Côte d’Ivoire' },
  ];
  const finder = new MentionFinder(names);

  /** The mentions, each with the original text its span covers. */
  function mentions(text: string): Array<[string, string]> {
    return finder.find(text).map((m) => [m.id, text.slice(m.start, m.end)]);
  }

  it('prefers the longest name over the names inside it', () => {
    expect(mentions('Leaders of the Association of Southeast Asian Nations met.')).toEqual([
      ['asean', 'Association of Southeast Asian Nations'],
    ]);
    expect(mentions('An Asian summit.')).toEqual([['asia', 'Asian']]);
    expect(mentions('The South China Sea dispute worries China’s neighbours.')).toEqual([
      ['scs-dispute', 'South China Sea dispute'],
      ['CHN', 'China'],
    ]);
  });

  it('finds possessives and leaves the "’s" out of the span', () => {
    expect(mentions('Cambodia’s policy')).toEqual([['KHM', 'Cambodia']]);
    expect(mentions("Cambodia's policy")).toEqual([['KHM', 'Cambodia']]);
    expect(mentions('ASEAN’s charter')).toEqual([['asean', 'ASEAN']]);
  });

  it('matches all-capital names only where the text has them in capitals', () => {
    expect(mentions('Let us talk. Tell us more.')).toEqual([]);
    expect(mentions('Let us meet US officials.')).toEqual([['USA', 'US']]);
    expect(mentions('Il a signé un accord.')).toEqual([]);
    expect(mentions('The UN said so.')).toEqual([['un', 'UN']]);
    expect(mentions('The kh sound; the code KH.')).toEqual([['KHM', 'KH']]);
    expect(mentions('Ties with the EU and the Eu.')).toEqual([['eu', 'EU']]);
  });

  it('matches other names ignoring case, accents and punctuation', () => {
    expect(mentions("Trade with Cote d'Ivoire grew.")).toEqual([['CIV', "Cote d'Ivoire"]]);
    expect(mentions('COTE D’IVOIRE and the united states')).toEqual([
      ['CIV', 'COTE D’IVOIRE'],
      ['USA', 'united states'],
    ]);
    expect(mentions('Members of Asean')).toEqual([['asean', 'Asean']]);
  });

  it('matches whole words only', () => {
    expect(mentions('Chinatown, Sino-Cambodian ties and UNESCO')).toEqual([]);
  });

  it('reports each entity once, at its first mention, in text order', () => {
    const text = 'After the EU, China; then China again and the European Union.';
    const found = finder.find(text);
    expect(found).toEqual([
      { id: 'eu', start: 10, end: 12 },
      { id: 'CHN', start: 14, end: 19 },
    ]);
  });

  it('takes the trailing full stop of a dotted name into the span', () => {
    expect(mentions('Aid from the U.S. grew.')).toEqual([['USA', 'U.S.']]);
    expect(mentions('U.S.-Cambodia ties')).toEqual([
      ['USA', 'U.S.'],
      ['KHM', 'Cambodia'],
    ]);
  });

  it('keeps UTF-16 indices right after astral characters', () => {
    const text = '😀 🌏 Cambodia and China';
    const found = finder.find(text);
    expect(found.map((m) => text.slice(m.start, m.end))).toEqual(['Cambodia', 'China']);
  });

  it('does not join words across a sentence break', () => {
    const seas = new MentionFinder([
      { id: 'china-sea', name: 'China Sea' },
      { id: 'CHN', name: 'China' },
    ]);
    expect(seas.find('Talks with China. Sea lanes matter.').map((m) => m.id)).toEqual(['CHN']);
    expect(seas.find('The China Sea.').map((m) => m.id)).toEqual(['china-sea']);
  });

  it('reports every entity a shared name belongs to, with the same span', () => {
    const shared = new MentionFinder([
      { id: 'COG', name: 'Congo' },
      { id: 'COD', name: 'Congo' },
    ]);
    expect(shared.find('The Congo river')).toEqual([
      { id: 'COG', start: 4, end: 9 },
      { id: 'COD', start: 4, end: 9 },
    ]);
  });
});
