import express, { Express } from 'express';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Kind, parse } from 'graphql';
import { PROJECT_ROOT } from '../config';

/** The example operations the playground opens with: docs/queries.graphql. */
export const EXAMPLES_FILE = path.join(PROJECT_ROOT, 'docs', 'queries.graphql');

/** One named operation of the examples file, with the comment lines just above it. */
export interface ExampleOperation {
  name: string;
  query: string;
}

/** Splits a document into its named operations, each with the comment that introduces it. */
export function readExamples(file = EXAMPLES_FILE): ExampleOperation[] {
  const text = readFileSync(file, 'utf8');
  const document = parse(text);
  return document.definitions.flatMap((definition) => {
    if (definition.kind !== Kind.OPERATION_DEFINITION || !definition.name || !definition.loc)
      return [];
    const before = text.slice(0, definition.loc.start).split('\n');
    before.pop();
    const comment: string[] = [];
    while (before.length > 0 && (before.at(-1) as string).startsWith('#'))
      comment.unshift(before.pop() as string);
    const body = text.slice(definition.loc.start, definition.loc.end);
    return [
      {
        name: definition.name.value,
        query: `${comment.join('\n')}${comment.length ? '\n' : ''}${body}\n`,
      },
    ];
  });
}

/** A file inside an installed package, whatever the package's `exports` allow. */
function packageFile(name: string, file: string): string {
  return path.join(path.dirname(require.resolve(`${name}/package.json`)), file);
}

const ASSETS: Record<string, { file: string; type: string }> = {
  'graphiql.min.js': { file: packageFile('graphiql', 'graphiql.min.js'), type: 'text/javascript' },
  'graphiql.min.css': { file: packageFile('graphiql', 'graphiql.min.css'), type: 'text/css' },
  'react.production.min.js': {
    file: packageFile('react', 'umd/react.production.min.js'),
    type: 'text/javascript',
  },
  'react-dom.production.min.js': {
    file: packageFile('react-dom', 'umd/react-dom.production.min.js'),
    type: 'text/javascript',
  },
  'start.js': {
    file: path.join(PROJECT_ROOT, 'web', 'playground', 'start.js'),
    type: 'text/javascript',
  },
};

/**
 * Serves the playground: GraphiQL at `/`, from the project's own dependencies (no CDN, so it
 * works with no internet), with the example operations preloaded as tabs.
 */
export function mountPlayground(app: Express): void {
  const examples = JSON.stringify(readExamples()).replace(/</g, '\\u003c');
  const page = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>diplograph: GraphQL playground</title>
<link rel="stylesheet" href="playground/graphiql.min.css">
<style>html, body, #graphiql { height: 100%; margin: 0; }</style>
</head>
<body>
<div id="graphiql">Loading the playground…</div>
<script id="examples" type="application/json">${examples}</script>
<script src="playground/react.production.min.js"></script>
<script src="playground/react-dom.production.min.js"></script>
<script src="playground/graphiql.min.js"></script>
<script src="playground/start.js"></script>
</body>
</html>
`;
  app.get('/', (_req, res) => {
    res.type('html').send(page);
  });
  const router = express.Router();
  router.get('/:asset', (req, res) => {
    const asset = ASSETS[req.params.asset];
    if (!asset) {
      res.status(404).json({ error: 'not found' });
      return;
    }
    res
      .type(asset.type)
      .set('cache-control', 'public, max-age=3600')
      .send(readFileSync(asset.file));
  });
  app.use('/playground', router);
}
