import { spawnSync } from 'node:child_process';
import fs, { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/config';

const GUARD = path.join(PROJECT_ROOT, 'tests', 'guard', 'repository-only.js');

/** Runs a script in a Node process started the way the suite starts the CLI and the server. */
function runGuarded(script: string, log: string) {
  return spawnSync(process.execPath, ['-e', script], {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env,
      NODE_OPTIONS: `--require ${GUARD}`,
      DIPLOGRAPH_OUTSIDE_READS_LOG: log,
    },
    encoding: 'utf8',
  });
}

describe('the guard against reads outside the repository', () => {
  let dir: string;
  let log: string;

  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'diplograph-guard-'));
    log = path.join(dir, 'outside-reads.log');
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a read beside the clone, and logs it even when the error is caught', () => {
    // Beside it even when the clone itself lies in the system's temporary folder.
    const outside = path.resolve(PROJECT_ROOT, '..', 'anything-beside-the-clone.txt');
    const result = runGuarded(
      `try { require('fs').readFileSync(${JSON.stringify(outside)}) } catch (e) { console.log(e.code, e.message) }`,
      log,
    );
    expect(result.stdout).toContain('EOUTSIDEREPO');
    expect(result.stdout).toContain(`a test read ${outside}, outside the repository`);
    expect(readFileSync(log, 'utf8')).toContain(`readFileSync ${outside}`);
  });

  it('refuses the promise and stream forms too, and directory listings', () => {
    const outside = path.parse(PROJECT_ROOT).root;
    const result = runGuarded(
      `const fs = require('fs');
       const codes = [];
       try { fs.readdirSync(${JSON.stringify(outside)}) } catch (e) { codes.push(e.code) }
       try { fs.createReadStream('/etc/hostname') } catch (e) { codes.push(e.code) }
       fs.readFile('/etc/hostname', (e) => {
         codes.push(e.code);
         fs.promises.readFile('/etc/hostname').catch((e) => { codes.push(e.code); console.log(codes.join(' ')) });
       });`,
      log,
    );
    expect(result.stdout.trim()).toBe(Array(4).fill('EOUTSIDEREPO').join(' '));
  });

  it('lets reads inside the repository through, where temporary files go too', () => {
    const result = runGuarded(
      `const fs = require('fs');
       fs.readFileSync('package.json');
       fs.readdirSync(${JSON.stringify(dir)});
       console.log(require('os').tmpdir())`,
      log,
    );
    expect(result.stdout.trim()).toBe(path.join(PROJECT_ROOT, 'test-results', 'tmp'));
    expect(result.status).toBe(0);
  });

  it('is loaded into this test process, and into the processes it starts', () => {
    expect(os.tmpdir()).toBe(path.join(PROJECT_ROOT, 'test-results', 'tmp'));
    expect(
      (fs as unknown as Record<symbol, unknown>)[Symbol.for('diplograph.repositoryOnlyGuard')],
    ).toBe(true);
    expect(process.env.NODE_OPTIONS).toContain(GUARD);
  });
});
