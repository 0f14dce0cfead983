import type { Command } from 'commander';
import { registerAttach } from './attach.js';
import { registerCleanup } from './cleanup.js';
import { registerDashboard } from './dashboard.js';
import { registerDiscover } from './discover.js';
import { registerPlan } from './plan.js';
import { registerReport } from './report.js';
import { registerResults } from './results.js';
import { registerResume } from './resume.js';
import { registerRun } from './run.js';
import { registerSpawn } from './spawn.js';
import { registerStatus } from './status.js';
import { registerSupervise } from './supervise.js';
import { registerTeam } from './team.js';

/** Each command lives in its own file and registers itself on the program. */
export type RegisterCommand = (program: Command) => void;

export const commands: RegisterCommand[] = [
  registerPlan,
  registerRun,
  registerResume,
  registerReport,
  registerDashboard,
  registerSpawn,
  registerStatus,
  registerResults,
  registerCleanup,
  registerSupervise,
  registerDiscover,
  registerTeam,
  registerAttach,
];
