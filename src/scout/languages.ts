/** File extension → language, for the scout's language summary. */
const BY_EXTENSION: Record<string, string> = {
  ts: 'TypeScript',
  tsx: 'TypeScript',
  mts: 'TypeScript',
  cts: 'TypeScript',
  js: 'JavaScript',
  jsx: 'JavaScript',
  mjs: 'JavaScript',
  cjs: 'JavaScript',
  py: 'Python',
  rs: 'Rust',
  go: 'Go',
  java: 'Java',
  kt: 'Kotlin',
  scala: 'Scala',
  rb: 'Ruby',
  php: 'PHP',
  c: 'C',
  h: 'C',
  cc: 'C++',
  cpp: 'C++',
  cxx: 'C++',
  hpp: 'C++',
  cs: 'C#',
  swift: 'Swift',
  m: 'Objective-C',
  sh: 'Shell',
  bash: 'Shell',
  lua: 'Lua',
  ex: 'Elixir',
  exs: 'Elixir',
  erl: 'Erlang',
  hs: 'Haskell',
  ml: 'OCaml',
  clj: 'Clojure',
  dart: 'Dart',
  zig: 'Zig',
  vue: 'Vue',
  svelte: 'Svelte',
  css: 'CSS',
  scss: 'CSS',
  html: 'HTML',
  sql: 'SQL',
  md: 'Markdown',
  json: 'JSON',
  yaml: 'YAML',
  yml: 'YAML',
  toml: 'TOML',
};

/** Languages that describe data or docs rather than code; listed after code languages. */
const NON_CODE = new Set(['Markdown', 'JSON', 'YAML', 'TOML']);

export function languageOf(path: string): string | undefined {
  const slash = path.lastIndexOf('/');
  const dot = path.lastIndexOf('.');
  if (dot <= slash + 1) return undefined;
  return BY_EXTENSION[path.slice(dot + 1).toLowerCase()];
}

export interface LanguageShare {
  language: string;
  files: number;
}

export function summariseLanguages(paths: readonly string[]): LanguageShare[] {
  const counts = new Map<string, number>();
  for (const p of paths) {
    const lang = languageOf(p);
    if (lang) counts.set(lang, (counts.get(lang) ?? 0) + 1);
  }
  return [...counts.entries()]
    .map(([language, files]) => ({ language, files }))
    .sort(
      (a, b) =>
        Number(NON_CODE.has(a.language)) - Number(NON_CODE.has(b.language)) ||
        b.files - a.files ||
        a.language.localeCompare(b.language),
    );
}
