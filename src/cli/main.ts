#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { EXIT } from '../errors.js';
import { silenceOnClosedReader } from './closed-output.js';
import { commandsFor, type RegisterCommand } from './commands.js';
import { VERSION } from './version.js';

export function buildProgram(commands: readonly RegisterCommand[]): Command {
  const program = new Command('weft')
    .description(
      'Run several AI coding agents in parallel on one git repository and weave their work into one branch.',
    )
    .version(VERSION)
    .showHelpAfterError('(run `weft --help` for usage)')
    .exitOverride();
  for (const register of commands) register(program);
  for (const cmd of program.commands) cmd.exitOverride();
  return program;
}

async function main(): Promise<void> {
  silenceOnClosedReader(process.stdout);
  silenceOnClosedReader(process.stderr);
  const program = buildProgram(await commandsFor(process.argv.slice(2)));
  try {
    await program.parseAsync(process.argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      // help and version exit 0; anything else is a usage error, refused before any change.
      process.exitCode = err.exitCode === 0 ? EXIT.ok : EXIT.usage;
      return;
    }
    throw err;
  }
}

await main();
