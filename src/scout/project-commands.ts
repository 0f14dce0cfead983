/** Finds how a project is tested and built, from the files that say so. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface ProjectCommands {
  /** The command most likely to run the project's tests, if any. */
  test?: string;
  build?: string;
  lint?: string;
  /** Where each command was found (e.g. `package.json scripts.test`). */
  sources: Record<string, string>;
}

async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}

function npmRunner(files: ReadonlySet<string>): string {
  if (files.has('pnpm-lock.yaml')) return 'pnpm';
  if (files.has('yarn.lock')) return 'yarn';
  if (files.has('bun.lockb') || files.has('bun.lock')) return 'bun';
  return 'npm';
}

/** `rootFiles`: the names of the files at the repository's top level. */
export async function findProjectCommands(
  top: string,
  rootFiles: ReadonlySet<string>,
): Promise<ProjectCommands> {
  const out: ProjectCommands = { sources: {} };
  const set = (kind: 'test' | 'build' | 'lint', command: string, source: string): void => {
    if (out[kind] !== undefined) return;
    out[kind] = command;
    out.sources[kind] = source;
  };

  if (rootFiles.has('package.json')) {
    const text = await readText(join(top, 'package.json'));
    try {
      const scripts = (JSON.parse(text ?? '{}') as { scripts?: Record<string, string> }).scripts ?? {};
      const runner = npmRunner(rootFiles);
      const npmDefault = 'Error: no test specified';
      if (scripts.test && !scripts.test.includes(npmDefault))
        set('test', `${runner} test`, 'package.json scripts.test');
      if (scripts.build) set('build', `${runner} run build`, 'package.json scripts.build');
      if (scripts.lint) set('lint', `${runner} run lint`, 'package.json scripts.lint');
    } catch {
      // An unreadable package.json says nothing about commands.
    }
  }
  if (rootFiles.has('Makefile') || rootFiles.has('makefile')) {
    const text = (await readText(join(top, rootFiles.has('Makefile') ? 'Makefile' : 'makefile'))) ?? '';
    const targets = new Set([...text.matchAll(/^([A-Za-z0-9_.-]+)\s*:(?!=)/gm)].map((m) => m[1] as string));
    if (targets.has('test')) set('test', 'make test', 'Makefile target test');
    else if (targets.has('check')) set('test', 'make check', 'Makefile target check');
    if (targets.has('build')) set('build', 'make build', 'Makefile target build');
    if (targets.has('lint')) set('lint', 'make lint', 'Makefile target lint');
  }
  if (rootFiles.has('Cargo.toml')) {
    set('test', 'cargo test', 'Cargo.toml');
    set('build', 'cargo build', 'Cargo.toml');
  }
  if (rootFiles.has('go.mod')) {
    set('test', 'go test ./...', 'go.mod');
    set('build', 'go build ./...', 'go.mod');
  }
  const pyMarkers = ['pytest.ini', 'pyproject.toml', 'setup.cfg', 'tox.ini', 'setup.py'];
  const pyMarker = pyMarkers.find((f) => rootFiles.has(f));
  if (pyMarker) set('test', 'pytest', pyMarker);
  if (rootFiles.has('pom.xml')) set('test', 'mvn test', 'pom.xml');
  if (rootFiles.has('build.gradle') || rootFiles.has('build.gradle.kts'))
    set('test', 'gradle test', 'build.gradle');
  return out;
}
