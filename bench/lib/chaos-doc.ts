/** The fixed text of docs/reliability.md around the figures bench/chaos.ts measures. */

export const DOC_INTRO = `# Reliability: what was tried, and what it found

weft's users hand it hours of agent work. The promise: **nothing lost, nothing
orphaned, clear errors.** This page is written by \`bench/chaos.ts\` (run it
with \`npm run build && npx tsx bench/chaos.ts\`); \`test/chaos/\` runs a
representative subset of the same cases on every test run, and
\`test/unit/fuzz/\` fuzzes the task-file parser.

Every case runs the built \`weft\` binary on a real temporary repository with
the fake agent CLIs (\`test/fakes/\`), then inspects what a user could look at:

- **lost tasks**: a task that should be merged whose file is not on the integration branch;
- **lost commits**: a commit a worker made (the fake agents log every commit they make;
  weft's own commits are in the journal; every attempt branch left counts too) that no
  branch weft reported — the integration branch or a branch the summary lists as
  unmerged — contains;
- **duplicate merges**: a task merged twice (journal or integration history);
- **orphans**: a live process inside the repository or carrying the run's environment
  marker; a worktree holding a branch after the run, or a folder under \`.trees/\` git
  does not know (the detached worktrees of weft's pool are kept on purpose);
- **stale locks**: \`.weft/session.lock*\`, lock files of finished runs, \`.git/*.lock\`,
  \`.git/worktrees/*/*.lock\`;
- **other damage**: the summary not accounting for every task, \`git fsck\` problems,
  commits on the integration branch that weft's integrator did not make, the user's own
  checkout switched off its branch; for hostile
  input, commands run or files written outside the repository; for secrets, leaks;
- **unclear or wrong outcome**: a run that could not be finished where the data allowed
  it, a message that does not name the problem, a task not retried/skipped as the policy
  says, an uncaught exception.

## Kill points (test-only)

\`WEFT_CHAOS_KILL_AT=<point>[@n]\` makes weft SIGKILL itself the n-th time it reaches a
point (\`src/util/chaos-point.ts\`; unset, a point costs one environment lookup):

| point | moment |
| --- | --- |
| \`run:locked\`, \`run:session\`, \`run:scouted\`, \`run:branch\` | start: run lock taken, session folder made, scout written, integration branch made |
| \`journal:write\`, \`journal:torn\`, \`journal:synced\` | before a journal write, half-way through one, after its fsync |
| \`worktree:add\`, \`worktree:added\`, \`worktree:switch\` | creating a pooled worktree, after, switching one to a new attempt |
| \`attempt:started\`, \`agent:spawned\`, \`agent:file\` | an attempt journaled, its agent started, the agent writing a file |
| \`agent:exited\`, \`attempt:committed\`, \`attempt:finished\`, \`attempt:failed\` | the agent ended, its work committed, the attempt journaled |
| \`merge:start\`, \`merge:commit-tree\`, \`merge:ref-updated\`, \`merge:recorded\` | integrating a branch: before, merge commit made, ref moved, journaled |
| \`validate:running\`, \`merge:reverted\` | the test gate running; a merge that broke it reverted, not yet journaled |
| \`finish:start\`, \`finish:pruned\` | the end: before removing worktrees, after pruning branches |
| \`resume:orphans-stopped\` | inside \`weft resume\` itself |

## Policies the campaign checks

- A crashed, hung (no output for the hang timeout) or timed-out agent: the attempt
  fails, the worker is replaced, the task retried; after its last attempt it is
  skipped with its dependents. A child that ignores SIGTERM is SIGKILLed with its group.
- An agent that exits 0 without changing any file its task declares: the attempt fails
  ("finished without changing any file").
- Garbage or megabytes of output around a proper result: the attempt counts; the full
  output is in the attempt's log.
- An agent that deletes tracked files its task does not declare (when it declares
  files): the attempt fails, naming them; its branch is kept, not merged.
- An agent that switches its worktree to another branch, a detached HEAD or the
  integration branch: the attempt fails; everything it did is kept on
  \`<attempt branch>-left\`, listed with the unmerged branches; weft never commits onto
  a branch that is not its own. If it moved the integration branch, weft puts the
  branch back and keeps the commit on a listed branch.
- Secrets: values of the variables in the repository's \`.env\` files and of well-known
  secret variables (\`ANTHROPIC_API_KEY\`, \`OPENAI_API_KEY\`, \`CODEX_API_KEY\`,
  \`GEMINI_API_KEY\`, \`*_TOKEN\`, \`*_SECRET\`, \`*_PASSWORD\`, \`*_API_KEY\`, …) are replaced by
  \`[redacted:NAME]\` in everything weft writes from agent output (\`src/util/redact.ts\`).
  Values shorter than 6 characters (8 for \`.env\` variables whose name does not look
  secret) are left alone: they would match ordinary words. The \`.env\` files weft copies
  into worktrees are never committed.
`;

export const BUGS_FIXED = `## What it found, fixed

1. An attempt whose agent committed its own work was journaled with the branch's ref
   name instead of the commit id (\`git rev-parse --symbolic-full-name\` applies to every
   argument after it).
2. A weft killed while taking a lock left \`weft.lock.<pid>.*\` / \`session.lock.<pid>.*.tmp\`
   files (empty ones too) behind for good; the next weft now removes those of dead processes.
3. After \`weft resume\`, the branches of attempts cut short by the crash were neither
   pruned nor listed: commits the agents made there were reported nowhere.
4. A merge that landed just before a crash and broke the test gate was never reverted on
   resume: every later merge then failed the gate too.
5. A merge the gate had already reverted before a crash counted as merged on resume —
   a task "merged" without its work.
6. Agent output went verbatim into logs, the journal, progress lines and reports,
   secrets included: it is now redacted.
7. The \`.env\` files weft copies into a worktree were committed by weft's leftover
   commit and merged into the integration branch — the user's secrets in git history;
   and a pooled worktree lost them (\`git clean\`) before its next task.
8. An agent that switched its worktree to another branch had weft commit its leftovers
   onto that branch (a user's branch, or the integration branch); commits made on a
   detached HEAD were lost. They now go to a rescue branch.
9. An agent that committed on the integration branch got its unvalidated commit into
   the result: the integration branch is now guarded and restored.
10. An agent deleting files outside its task had the deletions merged.
11. A journal write that a full disk cut short counted as durable and left a torn
    line; it is now completed or fails, and the partial batch is cut off.
12. The integration branch deleted by hand mid-run stopped the run with a raw git
    error; it is now recreated where weft left it, with a warning.
13. A finished branch deleted before its merge made every \`weft resume\` stop with an
    internal error; the task now runs again.
14. \`weft resume\` of a run whose journal is damaged said "there is no interrupted weft
    run"; it now names \`events.jsonl:<line>\` and where the run's work is kept.
15. A torn last journal line was dropped silently on resume; it is now a warning.
16. \`weft resume\` while a run was busy said there was nothing to resume; it now refuses
    naming the running session and its pid, as a second \`weft run\` does.
17. \`weft spawn --branch <300 characters>\` was an internal error (ENAMETOOLONG); a
    branch name component longer than a file name allows is now refused up front.
18. **A worktree deleted by hand while its agent ran** (the agent then wrote into the
    folder again, as a plain folder) made weft's git commands in it walk up into the main
    worktree: weft checked out a rescue branch in the user's own checkout, and would have
    run \`git clean\` there. Git is now never allowed to leave \`.trees/\`
    (\`GIT_CEILING_DIRECTORIES\`); the attempt fails naming the deleted worktree, which is
    made again for the retry (the test gate's worktree too).
19. A weft killed while rewriting a snapshot left its temp file (e.g.
    \`locks/<hash>.lock.<pid>.<hex>.tmp\`) in the session for good; reopening the session
    now removes those of dead processes.
`;

export const DOC_OUTRO = `## Reproduce

\`\`\`sh
npm run build
npx tsx bench/chaos.ts                 # everything; rewrites this page
npx tsx bench/chaos.ts kill,data       # some parts (prints, does not write the page)
npx vitest run test/chaos test/unit/fuzz
\`\`\`
`;
