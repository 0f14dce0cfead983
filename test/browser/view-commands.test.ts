/** `weft report` and `weft dashboard` refusals, through the built binary (no browser needed). */
import { afterEach, describe, expect, it } from 'vitest';
import { runWeft } from '../support/cli.js';
import { makeRepo, type TestRepo } from '../support/repo.js';

let repo: TestRepo | undefined;
afterEach(() => repo?.cleanup());

describe('the view commands', () => {
  it('weft report says so when the repository has no run yet', async () => {
    repo = makeRepo();
    const r = await runWeft(['report'], { cwd: repo.dir });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('no runs in this repository yet');
  });

  it('weft report names a run id that does not exist', async () => {
    repo = makeRepo();
    const r = await runWeft(['report', '20260101-000000-abcd'], { cwd: repo.dir });
    expect(r.exitCode).toBe(8);
    expect(r.stderr).toMatch(/is not a weft session/);
  });

  it('weft dashboard refuses to listen beyond loopback without --allow-remote', async () => {
    repo = makeRepo();
    const r = await runWeft(['dashboard', '--host', '0.0.0.0'], { cwd: repo.dir });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('refusing to listen on 0.0.0.0');
    expect(r.stderr).toContain('--allow-remote');
    const badPort = await runWeft(['dashboard', '--port', '70000'], { cwd: repo.dir });
    expect(badPort.exitCode).toBe(2);
  });
});
