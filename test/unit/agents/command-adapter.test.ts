import { describe, expect, it } from 'vitest';
import { commandAdapter } from '../../../src/agents/adapters/command.js';
import { shellAdapter } from '../../../src/agents/adapters/shell.js';
import { parseAll } from './adapter-helpers.js';

const request = { prompt: 'fix "it"; rm -rf /', cwd: '/w', stateDir: '/s' };

describe('command agent', () => {
  it('replaces only whole {prompt} args, never inside a larger arg', () => {
    const adapter = commandAdapter({ command: 'my-agent', args: ['--msg', '{prompt}', '--note={prompt}'] }, [
      '--fast',
    ]);
    expect(adapter.invocation(request)).toEqual({
      command: 'my-agent',
      args: ['--msg', 'fix "it"; rm -rf /', '--note={prompt}', '--fast'],
      env: {},
    });
    expect(adapter.binary).toBe('my-agent');
  });

  it('writes the prompt to stdin when asked', () => {
    const inv = commandAdapter({ command: 'my-agent', args: ['-'], promptVia: 'stdin' }).invocation(request);
    expect(inv.args).toEqual(['-']);
    expect(inv.stdin).toBe(request.prompt);
  });

  it('decides by exit code and keeps the last lines as the final message', () => {
    const adapter = commandAdapter({ command: 'a', args: ['{prompt}'] });
    const ok = parseAll(adapter, ['one', '', 'two', 'three', 'four']);
    expect(ok.verdict).toEqual({ ok: true });
    expect(ok.state.finalMessage).toBe('two\nthree\nfour');
    expect(parseAll(adapter, [], { code: 2, signal: null }).verdict).toEqual({
      ok: false,
      reason: 'exited with code 2',
    });
  });
});

describe('shell agent', () => {
  it('runs the script whole as the one argument of sh -e -c', () => {
    expect(shellAdapter.invocation({ ...request, script: 'npm run codegen\nnpm run fmt' })).toEqual({
      command: '/bin/sh',
      args: ['-e', '-c', 'npm run codegen\nnpm run fmt'],
      env: {},
    });
    expect(shellAdapter.invocation(request).args[2]).toBe(request.prompt);
    expect(shellAdapter.binary).toBeUndefined();
  });
});
