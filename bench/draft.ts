import { existsSync, readFileSync, readdirSync, rmSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import worldCountries from 'world-countries';
import { PROJECT_ROOT, loadConfig } from '../src/config';
import { DraftOptions, draftArticle } from '../src/draft/draft';
import { llmCandidates } from '../src/draft/llm';
import { ScoreReport, scoreDraft } from '../src/draft/score';
import { draftYaml } from '../src/draft/write';
import { readCatalogue } from '../src/ingest/catalogue';
import { ValidatedDataset, validateFiles } from '../src/ingest/validate';
import { peakRss } from '../src/neo4j/local-neo4j';
import { markdownTable, replaceReadmeSection, writeResult } from './report';

/*
 * npm run bench:draft: `diplograph draft` on every article that has a curated dataset — the
 * development article, the held-out one, the test fixtures, and the series' real article when
 * its text is in SOURCES_DIR — each drafted BENCH_DRAFT_RUNS times (every run must give the
 * same draft, byte for byte, or the benchmark fails), scored against its curated dataset, and
 * timed. With DRAFT_LLM_URL set, the LLM back end is a second contender, scored the same way.
 * Writes bench/results/draft-latest.md, draft-<date>.json and README.md's bench-draft part.
 */

interface Article {
  name: string;
  role: string;
  text: string;
  curated: string;
}

const RUNS = Number(process.env.BENCH_DRAFT_RUNS ?? '20');

function articles(sourcesDirs: readonly string[]): Article[] {
  const evalDir = path.join(PROJECT_ROOT, 'eval');
  const fixtures = path.join(PROJECT_ROOT, 'tests', 'fixtures');
  const list: Article[] = [
    {
      name: 'Mongolia',
      role: 'development',
      text: path.join(evalDir, 'sources', 'mongolia-foreign-relations.txt'),
      curated: path.join(evalDir, 'curated', 'mongolia.yaml'),
    },
    {
      name: 'Kenya',
      role: '**held out**',
      text: path.join(evalDir, 'sources', 'kenya-foreign-relations.txt'),
      curated: path.join(evalDir, 'curated', 'kenya.yaml'),
    },
  ];
  // Further development articles of eval/, each with its curated dataset.
  for (const file of readdirSync(path.join(evalDir, 'curated')).sort()) {
    const country = path.basename(file, '.yaml');
    if (country === 'mongolia' || country === 'kenya') continue;
    list.push({
      name: country.charAt(0).toUpperCase() + country.slice(1),
      // Ghana's curator read the held-out dataset (eval/README.md): scored, never developed on.
      role: country === 'ghana' ? 'only scored' : 'development',
      text: path.join(evalDir, 'sources', `${country}-foreign-relations.txt`),
      curated: path.join(evalDir, 'curated', file),
    });
  }
  for (const country of ['laos', 'thailand', 'vietnam'])
    list.push({
      name: `${country.charAt(0).toUpperCase()}${country.slice(1)} (fixture)`,
      role: 'development',
      text: path.join(fixtures, 'sources', `${country}-relations-fixture.txt`),
      curated: path.join(fixtures, 'datasets', `${country}.yaml`),
    });
  // The series' article, when its text is at hand (CI passes SOURCES_DIR=../shared/sources).
  const cambodia = sourcesDirs
    .map((dir) => path.join(dir, 'cambodia-foreign-relations.txt'))
    .find((file) => existsSync(file));
  if (cambodia)
    list.push({
      name: 'Cambodia',
      role: 'the series',
      text: cambodia,
      curated: path.join(PROJECT_ROOT, 'data', 'cambodia.yaml'),
    });
  return list.filter((a) => existsSync(a.text) && existsSync(a.curated));
}

function validated(
  file: string,
  sources: string[],
  catalogue: DraftOptions['catalogue'],
): ValidatedDataset {
  const result = validateFiles([file], { catalogue, sourcesDirs: sources, requireSources: true });
  const [dataset] = result.datasets;
  if (result.problems.length > 0 || !dataset)
    throw new Error(
      `${file} does not validate: ${result.problems.map((p) => p.message).join('; ')}`,
    );
  return dataset;
}

const f2 = (n: number) => n.toFixed(2);

async function main(): Promise<void> {
  const config = loadConfig();
  const catalogue = readCatalogue(config.ingest.catalogueDir);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'diplograph-bench-draft-'));
  const llm = config.draft.llm;
  const contenders: Array<{ name: string; options: DraftOptions }> = [
    { name: 'rules', options: { catalogue, capitals: worldCountries } },
  ];
  if (llm)
    contenders.push({
      name: `rules + LLM (${llm.model})`,
      options: { catalogue, capitals: worldCountries, extra: llmCandidates(llm) },
    });
  const rows: string[][] = [];
  const json: Array<Record<string, unknown>> = [];
  const byKind = new Map<string, ScoreReport>();
  try {
    for (const article of articles(config.ingest.sourcesDirs)) {
      const text = readFileSync(article.text, 'utf8');
      for (const contender of contenders) {
        // The LLM is asked once: its answers are neither free nor deterministic.
        const runs = contender.name === 'rules' ? RUNS : 1;
        let first: string | undefined;
        let sentences = 0;
        let statements = 0;
        const started = process.hrtime.bigint();
        for (let i = 0; i < runs; i++) {
          const draft = await draftArticle(text, article.text, contender.options);
          const yaml = draftYaml(draft, 'bench:draft');
          if (first === undefined) first = yaml;
          else if (yaml !== first)
            throw new Error(`${article.name}: run ${i + 1} drafted something else than run 1`);
          sentences = draft.sentences;
          statements = draft.statements.length;
        }
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        const out = path.join(dir, `${path.basename(article.text, '.txt')}.yaml`);
        writeFileSync(out, first ?? '');
        const sources = [path.dirname(article.text)];
        const report = scoreDraft(
          validated(out, sources, catalogue),
          validated(article.curated, sources, catalogue),
        );
        if (article.role.includes('held out') && contender.name === 'rules')
          byKind.set(article.name, report);
        const rate = (sentences * runs) / seconds;
        rows.push([
          article.name,
          article.role,
          contender.name,
          String(sentences),
          String(statements),
          f2(report.statements.precision),
          f2(report.statements.recall),
          f2(report.statements.f1),
          f2(report.qualifiers.f1),
          f2(report.entities.f1),
          f2(report.modality.accuracy),
          contender.name === 'rules' ? rate.toFixed(0) : 'n/a',
        ]);
        json.push({
          article: article.name,
          role: article.role,
          contender: contender.name,
          sentences,
          statements,
          seconds,
          runs,
          report,
        });
        console.log(
          JSON.stringify({
            article: article.name,
            contender: contender.name,
            precision: report.statements.precision,
            recall: report.statements.recall,
            sentencesPerSecond: Math.round(rate),
          }),
        );
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const memory = process.memoryUsage();
  const date = new Date().toISOString().slice(0, 10);
  const kindTables = [...byKind].map(([name, report]) => {
    const kinds = report.byKind.map((k) => [
      k.kind,
      String(k.curated),
      String(k.matched),
      String(k.curated - k.matched),
      String(k.drafted - k.matched),
      f2(k.precision),
      f2(k.recall),
    ]);
    return `Statements of the held-out article (${name}) by kind: curated, matched, missed, wrong.\n\n${markdownTable(
      ['kind', 'curated', 'matched', 'missed', 'wrong', 'precision', 'recall'],
      kinds,
    )}`;
  });
  const text = [
    `Drafting benchmark of ${date}: each article drafted ${RUNS} times by the rules (every run the same draft), scored by \`diplograph score\` against its curated dataset. Statement precision and recall count (kind, subject, object); qualifiers and entities are F1. Speed is sentences drafted per second, the catalogue loaded once; the process peaked at ${Math.round(peakRss(process.pid) / 1048576)} MB of RSS (heap ${Math.round(memory.heapUsed / 1048576)} MB in use at the end).`,
    '',
    markdownTable(
      [
        'article',
        'role',
        'back end',
        'sentences',
        'statements',
        'precision',
        'recall',
        'F1',
        'qualifiers F1',
        'entities F1',
        'modality agrees',
        'sentences/s',
      ],
      rows,
    ),
    '',
    ...kindTables,
  ].join('\n');
  const file = await writeResult('draft-latest.md', text);
  await writeResult(`draft-${date}.json`, JSON.stringify(json, null, 2));
  const inReadme = await replaceReadmeSection('bench-draft', text);
  console.log(`${text}\n\nWritten to ${file}${inReadme ? ' and README.md' : ''}.`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
