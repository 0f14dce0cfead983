/**
 * `weft attach <role>`: go to a role's tmux window. Inside tmux it switches
 * the current client; at a terminal it attaches one; without a terminal it
 * prints the exact command to run in one.
 */
import { spawn } from 'node:child_process';
import type { Command } from 'commander';
import { execa } from 'execa';
import { EXIT } from '../errors.js';
import { planAttach } from '../team/attach.js';
import { action } from './errors.js';

export function registerAttach(program: Command): void {
  program
    .command('attach <role>')
    .description("go to a team role's tmux window (by role, e.g. feature-auth, window name or tab number)")
    .action(action((role: string) => attachCommand(role)));
}

/** How a command is shown to be copied into a shell (display only; weft runs argv). */
export function shellQuote(argv: readonly string[]): string {
  return argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replaceAll("'", `'\\''`)}'`)).join(' ');
}

async function attachCommand(role: string): Promise<number> {
  const plan = await planAttach({ cwd: process.cwd(), role });
  const [command, ...args] = plan.argv as [string, ...string[]];
  if (plan.mode === 'switch') {
    const r = await execa(command, args, { reject: false, stdin: 'ignore' });
    if (r.exitCode !== 0) {
      process.stderr.write(`weft: could not switch to ${plan.role.window}: ${String(r.stderr).trim()}\n`);
      return EXIT.refused;
    }
    return EXIT.ok;
  }
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    process.stderr.write(
      `weft: not at a terminal, so nothing to attach here; run this in one to reach ${plan.role.window}:\n`,
    );
    process.stdout.write(`${shellQuote(plan.argv)}\n`);
    return EXIT.ok;
  }
  const child = spawn(command, args, { stdio: 'inherit' });
  return new Promise((resolve) => {
    child.once('error', (e) => {
      process.stderr.write(`weft: could not run tmux: ${e.message}\n`);
      resolve(EXIT.refused);
    });
    child.once('exit', (code) => resolve(code ?? EXIT.ok));
  });
}
