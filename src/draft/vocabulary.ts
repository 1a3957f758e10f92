import type { IssueCategory } from '../ontology/entities';

/*
 * What the drafter knows of the language of foreign relations beyond the catalogue: common
 * issues (with the words the articles use for them), the head words that say what kind of
 * thing a proper name is, and the adjectives that name a principle. General vocabulary of
 * the field, not of one article.
 */

/** A common issue: its name, its category and other words for it. */
export interface IssueWord {
  name: string;
  category: IssueCategory;
  aliases?: string[];
}

export const ISSUES: readonly IssueWord[] = [
  // security
  { name: 'Terrorism', category: 'security', aliases: ['counter-terrorism', 'counterterrorism'] },
  { name: 'Piracy', category: 'security' },
  { name: 'Maritime security', category: 'security' },
  { name: 'Border security', category: 'security' },
  { name: 'Cybersecurity', category: 'security', aliases: ['cyber security'] },
  { name: 'Energy security', category: 'security' },
  { name: 'Food security', category: 'security' },
  { name: 'Nuclear non-proliferation', category: 'security', aliases: ['non-proliferation'] },
  { name: 'Arms control', category: 'security' },
  { name: 'Drug trafficking', category: 'security' },
  { name: 'Human trafficking', category: 'security' },
  { name: 'Extremism', category: 'security', aliases: ['violent extremism'] },
  { name: 'Regional security', category: 'security' },
  // economy
  { name: 'Mining', category: 'economy' },
  { name: 'Renewable energy', category: 'economy', aliases: ['clean energy'] },
  { name: 'Manufacturing', category: 'economy' },
  { name: 'Fisheries', category: 'economy' },
  { name: 'Debt', category: 'economy', aliases: ['debt relief', 'public debt'] },
  { name: 'Digital economy', category: 'economy' },
  { name: 'Connectivity', category: 'economy' },
  { name: 'Industrialisation', category: 'economy', aliases: ['industrialization'] },
  { name: 'Regional integration', category: 'economy' },
  // development
  { name: 'Water supply', category: 'development' },
  { name: 'Sanitation', category: 'development' },
  { name: 'Humanitarian aid', category: 'development', aliases: ['humanitarian assistance'] },
  { name: 'Capacity building', category: 'development' },
  { name: 'Rural development', category: 'development' },
  { name: 'Public health', category: 'development' },
  { name: 'Refugees', category: 'rights', aliases: ['refugee protection'] },
  { name: 'Migration', category: 'development' },
  // rights and governance
  { name: 'Press freedom', category: 'rights', aliases: ['freedom of the press'] },
  { name: 'Gender equality', category: 'rights', aliases: ["women's rights"] },
  { name: 'Corruption', category: 'governance', aliases: ['anti-corruption'] },
  { name: 'Rule of law', category: 'governance' },
  { name: 'Elections', category: 'governance' },
  // environment
  { name: 'Climate change', category: 'environment', aliases: ['global warming'] },
  { name: 'Desertification', category: 'environment' },
  { name: 'Deforestation', category: 'environment' },
  { name: 'Biodiversity', category: 'environment' },
  { name: 'Wildlife conservation', category: 'environment', aliases: ['conservation'] },
  { name: 'Pollution', category: 'environment' },
  { name: 'Drought', category: 'environment' },
  // principles of foreign policy
  { name: 'Non-alignment', category: 'principle', aliases: ['nonalignment', 'non-aligned'] },
  { name: 'Territorial integrity', category: 'principle' },
  { name: 'Peaceful coexistence', category: 'principle' },
  { name: 'Good neighbourliness', category: 'principle', aliases: ['good-neighbourliness'] },
  { name: 'Self-determination', category: 'principle' },
  { name: 'Openness', category: 'principle' },
  {
    name: 'Nuclear-weapon-free status',
    category: 'principle',
    aliases: ['nuclear-weapon-free zone', 'nuclear-free status', 'nuclear-free zone'],
  },
  { name: 'Nuclear disarmament', category: 'principle', aliases: ['disarmament'] },
  { name: 'Strategic autonomy', category: 'principle' },
  { name: 'Collective security', category: 'principle' },
  { name: 'Non-use of force', category: 'principle' },
  {
    name: 'International law',
    category: 'principle',
    aliases: ['respect for international law', 'rule of international law'],
  },
  {
    name: 'Peaceful settlement of disputes',
    category: 'principle',
    aliases: ['peaceful resolution of disputes', 'peaceful settlement', 'peaceful resolution'],
  },
  { name: 'Pan-Africanism', category: 'principle' },
];

/**
 * Adjectives and phrases that name a principle a foreign policy holds to: "a peaceful, open,
 * independent foreign policy". Keys are principle names (of the catalogue or of {@link ISSUES}).
 */
export const PRINCIPLE_WORDS: Readonly<Record<string, readonly string[]>> = {
  Peace: ['peaceful', 'peace-loving'],
  Independence: ['independent'],
  Neutrality: ['neutral'],
  'Non-alignment': ['non-aligned', 'nonaligned'],
  Openness: ['open'],
  'Balance among partners': ['balanced', 'balancing', 'balance'],
  'Diversification of partners': ['multi-vector', 'multi-pillar', 'diversified', 'diversification'],
  Multilateralism: ['multilateral', 'multilateralism'],
};

/** Other words for issues of the catalogue: "sent peacekeepers". Keys are issue names. */
export const ISSUE_WORDS: Readonly<Record<string, readonly string[]>> = {
  Peacekeeping: [
    'peacekeepers',
    'peacekeeping missions',
    'peacekeeping operations',
    'peacekeeping troops',
    'peacekeeping forces',
    'peacekeeping efforts',
    'peacekeeping units',
  ],
  Demining: ['mine action', 'landmines', 'unexploded ordnance'],
  'Non-interference': [
    'non-intervention',
    'noninterference',
    'non-interference in internal affairs',
  ],
};

/** Head words of proper names and what they make a name: a kind and its type. */
export const NAME_HEADS: Readonly<Record<string, { kind: string; type: string }>> = {
  // organisations
  organisation: { kind: 'Organisation', type: 'intergovernmental' },
  organization: { kind: 'Organisation', type: 'intergovernmental' },
  association: { kind: 'Organisation', type: 'intergovernmental' },
  union: { kind: 'Organisation', type: 'intergovernmental' },
  bank: { kind: 'Organisation', type: 'intergovernmental' },
  fund: { kind: 'Organisation', type: 'intergovernmental' },
  council: { kind: 'Organisation', type: 'intergovernmental' },
  movement: { kind: 'Organisation', type: 'intergovernmental' },
  community: { kind: 'Organisation', type: 'intergovernmental' },
  alliance: { kind: 'Organisation', type: 'intergovernmental' },
  forum: { kind: 'Organisation', type: 'intergovernmental' },
  meeting: { kind: 'Organisation', type: 'intergovernmental' },
  commonwealth: { kind: 'Organisation', type: 'intergovernmental' },
  authority: { kind: 'Organisation', type: 'intergovernmental' },
  secretariat: { kind: 'Organisation', type: 'intergovernmental' },
  agency: { kind: 'Organisation', type: 'agency' },
  corporation: { kind: 'Organisation', type: 'agency' },
  command: { kind: 'Organisation', type: 'agency' },
  corps: { kind: 'Organisation', type: 'agency' },
  commission: { kind: 'Organisation', type: 'agency' },
  ministry: { kind: 'Organisation', type: 'agency' },
  institute: { kind: 'Organisation', type: 'agency' },
  party: { kind: 'Organisation', type: 'party' },
  // agreements
  agreement: { kind: 'Agreement', type: 'treaty' },
  treaty: { kind: 'Agreement', type: 'treaty' },
  accord: { kind: 'Agreement', type: 'treaty' },
  accords: { kind: 'Agreement', type: 'treaty' },
  pact: { kind: 'Agreement', type: 'treaty' },
  convention: { kind: 'Agreement', type: 'treaty' },
  protocol: { kind: 'Agreement', type: 'treaty' },
  charter: { kind: 'Agreement', type: 'treaty' },
  partnership: { kind: 'Agreement', type: 'partnership' },
  initiative: { kind: 'Agreement', type: 'initiative' },
  programme: { kind: 'Agreement', type: 'programme' },
  program: { kind: 'Agreement', type: 'programme' },
  scheme: { kind: 'Agreement', type: 'programme' },
  compact: { kind: 'Agreement', type: 'programme' },
  plan: { kind: 'Agreement', type: 'programme' },
  framework: { kind: 'Agreement', type: 'framework' },
  corridor: { kind: 'Agreement', type: 'programme' },
  // projects
  railway: { kind: 'Project', type: 'transport' },
  railroad: { kind: 'Project', type: 'transport' },
  line: { kind: 'Project', type: 'transport' },
  highway: { kind: 'Project', type: 'transport' },
  expressway: { kind: 'Project', type: 'transport' },
  road: { kind: 'Project', type: 'transport' },
  bridge: { kind: 'Project', type: 'transport' },
  airport: { kind: 'Project', type: 'transport' },
  port: { kind: 'Project', type: 'transport' },
  pipeline: { kind: 'Project', type: 'energy' },
  refinery: { kind: 'Project', type: 'energy' },
  dam: { kind: 'Project', type: 'energy' },
  plant: { kind: 'Project', type: 'energy' },
  mine: { kind: 'Project', type: 'other' },
  zone: { kind: 'Project', type: 'industrial-zone' },
  park: { kind: 'Project', type: 'industrial-zone' },
  project: { kind: 'Project', type: 'other' },
  // events
  summit: { kind: 'Event', type: 'summit' },
  conference: { kind: 'Event', type: 'conference' },
  dialogue: { kind: 'Event', type: 'conference' },
  exercise: { kind: 'Event', type: 'exercise' },
  exercises: { kind: 'Event', type: 'exercise' },
  war: { kind: 'Event', type: 'conflict' },
  invasion: { kind: 'Event', type: 'conflict' },
  crisis: { kind: 'Event', type: 'conflict' },
  games: { kind: 'Event', type: 'sporting' },
  olympics: { kind: 'Event', type: 'sporting' },
};

/** Lower-case nouns before a name that make it a company: "the Indian firm X". */
export const COMPANY_NOUNS = ['firm', 'company', 'group', 'conglomerate', 'miner', 'operator'];

/**
 * Common nouns that, in apposition after a name ("Khaan Quest, a yearly peacekeeping
 * exercise"), say what it is; they take their kind and type from {@link NAME_HEADS}.
 */
export const APPOSITION_NOUNS = Object.keys(NAME_HEADS);
