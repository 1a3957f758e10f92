/*
 * The test suite must pass in a clone with nothing beside it: no test may read a file outside
 * the repository (a sibling folder of the team's, a home directory). This guard, loaded by
 * jest's global setup into the process that runs the tests (in band) and, through
 * NODE_OPTIONS, into every Node process a test starts (the CLI, the server), refuses such
 * reads: the call throws, and the read is appended to test-results/outside-reads.log, which
 * `check-reads.ts` turns into a failed test even when the code that read swallowed the error.
 *
 * Temporary files go inside the repository too (TMPDIR is test-results/tmp, for this process
 * and those it starts), so that a clone that itself lies in the system's temporary folder
 * still has its siblings guarded. Allowed outside the repository: the kernel's /proc, /sys
 * and /dev, and /etc/os-release, which playwright-core reads to name the platform it drives
 * Chromium on. Existence checks (existsSync, stat) are not reads.
 */
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { fileURLToPath } = require('node:url');

const ROOT = path.resolve(__dirname, '..', '..');
// The guard's own test points the log elsewhere, so that its deliberate reads fail nothing.
const LOG =
  process.env.DIPLOGRAPH_OUTSIDE_READS_LOG ?? path.join(ROOT, 'test-results', 'outside-reads.log');
const GUARDED = Symbol.for('diplograph.repositoryOnlyGuard');

function realOrSelf(p) {
  try {
    return fs.realpathSync(p);
  } catch {
    return p;
  }
}

const TMP = path.join(ROOT, 'test-results', 'tmp');

const ALLOWED = [...new Set([ROOT, realOrSelf(ROOT)]), '/proc', '/sys', '/dev', '/etc/os-release'];

function inside(file, dir) {
  const relative = path.relative(dir, file);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** The absolute path a read names, or undefined for a file descriptor. */
function pathOf(target) {
  if (typeof target === 'string') return path.resolve(target);
  if (Buffer.isBuffer(target)) return path.resolve(target.toString());
  if (target instanceof URL && target.protocol === 'file:') return fileURLToPath(target);
  return undefined;
}

/** The error for a read outside the repository (logged), or undefined when it is allowed. */
function refusal(operation, target) {
  const file = pathOf(target);
  if (file === undefined || ALLOWED.some((dir) => inside(file, dir))) return undefined;
  const line = `${new Date().toISOString()} pid ${process.pid} ${operation} ${file}\n`;
  try {
    fs.mkdirSync(path.dirname(LOG), { recursive: true });
    fs.appendFileSync(LOG, line);
  } catch {
    // The refused read still fails.
  }
  const error = new Error(
    `a test read ${file}, outside the repository (${ROOT}): tests must pass in a clone with nothing beside it`,
  );
  error.code = 'EOUTSIDEREPO';
  return error;
}

/** Refuses a read the way the wrapped function reports errors: a throw, a callback, a rejection. */
function wrap(owner, name, operation, style) {
  const original = owner[name];
  if (typeof original !== 'function') return;
  owner[name] = function guarded(target, ...rest) {
    const error = refusal(operation, target);
    if (error === undefined) return original.call(this, target, ...rest);
    if (style === 'promise') return Promise.reject(error);
    const callback = rest.at(-1);
    if (style === 'callback' && typeof callback === 'function') {
      process.nextTick(callback, error);
      return undefined;
    }
    throw error;
  };
}

// Marked on fs itself: jest gives each test file a global object of its own, but one fs.
if (!fs[GUARDED]) {
  fs[GUARDED] = true;
  fs.mkdirSync(TMP, { recursive: true });
  process.env.TMPDIR = TMP;
  for (const name of ['readFileSync', 'openSync', 'readdirSync', 'opendirSync', 'createReadStream'])
    wrap(fs, name, name, 'sync');
  for (const name of ['readFile', 'open', 'readdir', 'opendir']) {
    wrap(fs, name, name, 'callback');
    wrap(fs.promises, name, `promises.${name}`, 'promise');
  }
  // Every Node process a test starts (the CLI, the server) loads the guard too.
  const option = `--require ${JSON.stringify(__filename)}`;
  if (!(process.env.NODE_OPTIONS ?? '').includes(__filename)) {
    process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} ${option}`.trim();
  }
}

module.exports = { OUTSIDE_READS_LOG: LOG, ROOT };
