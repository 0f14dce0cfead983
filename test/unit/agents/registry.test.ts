import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findOnPath } from '../../../src/agents/find-binary.js';
import { AGENT_NAMES, ensureAgentAvailable, getAdapter } from '../../../src/agents/registry.js';
import { AgentMissingError, UsageError } from '../../../src/errors.js';
import { makeTempDir } from '../../support/repo.js';

const binDir = makeTempDir('weft-bin-');
afterAll(() => rmSync(binDir, { recursive: true, force: true }));

function fakeBinary(name: string, mode = 0o755): void {
  const path = join(binDir, name);
  writeFileSync(path, '#!/bin/sh\nexit 0\n');
  chmodSync(path, mode);
}

describe('getAdapter', () => {
  it('knows every listed agent', () => {
    for (const name of AGENT_NAMES) {
      const config = name === 'command' ? { command: { command: 'x', args: ['{prompt}'] } } : {};
      expect(getAdapter(name, config).name).toBe(name);
    }
  });

  it('refuses an unknown agent, listing the known ones', () => {
    const error = (() => {
      try {
        getAdapter('gpt-magic');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toContain('gpt-magic');
    expect((error as UsageError).details.join('\n')).toContain('shell');
  });

  it('refuses a command agent without a usable template', () => {
    expect(() => getAdapter('command')).toThrow(UsageError);
    expect(() => getAdapter('command', { command: { command: 'x', args: ['--go'] } })).toThrow(
      /never passes the prompt/,
    );
  });
});

describe('ensureAgentAvailable', () => {
  it('accepts the built-in shell agent with an empty PATH', async () => {
    await expect(ensureAgentAvailable(getAdapter('shell'), { PATH: '' })).resolves.toBeUndefined();
  });

  it('finds an executable on PATH and ignores a non-executable file', async () => {
    fakeBinary('my-agent');
    fakeBinary('not-exec', 0o644);
    const env = { PATH: `/nonexistent:${binDir}` };
    expect(findOnPath('my-agent', env)).toBe(join(binDir, 'my-agent'));
    expect(findOnPath('not-exec', env)).toBeUndefined();
    const adapter = getAdapter('command', { command: { command: 'my-agent', args: ['{prompt}'] } });
    await expect(ensureAgentAvailable(adapter, env)).resolves.toBeUndefined();
  });

  it('names the missing agent and how to install it', async () => {
    const adapter = getAdapter('command', { command: { command: 'no-such-agent', args: ['{prompt}'] } });
    const error = await ensureAgentAvailable(adapter, { PATH: binDir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AgentMissingError);
    expect((error as AgentMissingError).message).toContain('no-such-agent');
    expect((error as AgentMissingError).details.join('\n')).toMatch(/install/);
  });
});
