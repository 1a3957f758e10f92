#!/usr/bin/env node
'use strict';
// The CLI is written in TypeScript and compiled to dist/ by `npm run build`
// (which `npm ci`, `npm start` and `npm test` run).
const path = require('node:path');
const fs = require('node:fs');

const cli = path.join(__dirname, '..', 'dist', 'cli.js');
if (!fs.existsSync(cli)) {
  console.error('diplograph: dist/cli.js is missing; run `npm run build` first.');
  process.exit(1);
}
require(cli).main(process.argv);
