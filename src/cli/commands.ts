import type { Command } from 'commander';
import { registerPlan } from './plan.js';

/** Each command lives in its own file and registers itself on the program. */
export type RegisterCommand = (program: Command) => void;

export const commands: RegisterCommand[] = [registerPlan];
