import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { buildWorkerPrompt, readWorkerPlan, shellScriptOf } from '../../../src/workers/instructions.js';

describe('worker instructions', () => {
  it("reads seed 000's inline plan with literal \\n and keeps only open steps for reporting", () => {
    const plan = readWorkerPlan('# Tasks\\n- [ ] Do X\\n- [x] Done already\\n- [ ] Test X');
    expect(plan.title).toBe('Tasks');
    expect(plan.steps).toEqual(['Do X', 'Test X']);
    expect(plan.markdown).toContain('- [ ] Do X\n- [x] Done already\n- [ ] Test X');
  });

  it('refuses a plan without steps', () => {
    expect(() => readWorkerPlan('just words')).toThrow(UsageError);
  });

  it('puts the task and the plan in the prompt', () => {
    const prompt = buildWorkerPrompt('Implement X', readWorkerPlan('- [ ] a\n- [ ] b\n'));
    expect(prompt.startsWith('Implement X\n')).toBe(true);
    expect(prompt).toContain('- [ ] a\n- [ ] b');
    expect(prompt).toContain('.weft-plan.md');
  });

  it("gives the shell agent the task's sh block, else the task text", () => {
    expect(shellScriptOf('Make it:\n\n```sh\necho hi\nls\n```\n')).toBe('echo hi\nls');
    expect(shellScriptOf('npm run codegen')).toBe('npm run codegen');
  });
});
