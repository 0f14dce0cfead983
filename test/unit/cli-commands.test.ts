import { describe, expect, it } from 'vitest';
import { COMMANDS, commandsFor } from '../../src/cli/commands.js';

describe('commandsFor', () => {
  it('loads only the command that is run', async () => {
    expect(await commandsFor(['run', 'tasks.md', '--workers', '3'])).toHaveLength(1);
    expect(await commandsFor(['--version'])).toHaveLength(0);
  });
  it('loads every command for help and for unknown commands', async () => {
    expect(await commandsFor(['--help'])).toHaveLength(COMMANDS.length);
    expect(await commandsFor(['bogus'])).toHaveLength(COMMANDS.length);
  });
});
