import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import type { z } from 'zod';
import { configSchema, type Config } from './schema.ts';
import { ValidationError, type Problem } from '../errors.ts';

/** A zod issue path as the config file writes it: `accounts[0].server`. */
function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => {
    if (typeof key === 'number') return `${out}[${key}]`;
    return out ? `${out}.${String(key)}` : String(key);
  }, '');
}

/** The one place zod meets untrusted input: parse or throw a readable ValidationError. */
export function validate<S extends z.ZodType>(schema: S, input: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message }));
  throw new ValidationError(what, problems);
}

/**
 * Replaces `${NAME}` in every string of the parsed YAML with the environment
 * variable, so secrets stay out of the file. A missing variable is a problem
 * at that path (the value itself is never echoed).
 */
export function interpolateEnv(value: unknown, env: NodeJS.ProcessEnv, path: PropertyKey[] = [], problems: Problem[] = []): unknown {
  if (typeof value === 'string') {
    return value.replace(/\$\{([A-Z0-9_]+)(?::-([^}]*))?\}/g, (_match, name: string, fallback: string | undefined) => {
      const found = env[name] ?? fallback;
      if (found === undefined) problems.push({ path: formatPath(path), message: `environment variable ${name} is not set` });
      return found ?? '';
    });
  }
  if (Array.isArray(value)) return value.map((item, i) => interpolateEnv(item, env, [...path, i], problems));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolateEnv(v, env, [...path, k], problems)]));
  }
  return value;
}

type Loose = { id?: unknown; target?: unknown; server?: unknown; testable?: unknown; temporary?: { provisioner?: unknown }; migrations?: unknown[] };
/** The raw config seen loosely, so references are checked even when other fields are invalid. */
interface LooseConfig {
  servers: Loose[];
  migrations: Loose[];
  accounts: Loose[];
  provisioners: Record<string, unknown>;
}

function loosen(raw: unknown): LooseConfig {
  const object = (raw ?? {}) as Record<string, unknown>;
  const list = (value: unknown): Loose[] => (Array.isArray(value) ? value.map((v) => (v ?? {}) as Loose) : []);
  const provisioners = object['provisioners'];
  return {
    servers: list(object['servers']), migrations: list(object['migrations']), accounts: list(object['accounts']),
    provisioners: provisioners !== null && typeof provisioners === 'object' ? (provisioners as Record<string, unknown>) : {},
  };
}

/** References between sections that zod's per-field schema cannot see. */
function crossReferenceProblems(config: LooseConfig): Problem[] {
  const problems: Problem[] = [];
  const servers = new Set(config.servers.map((s) => s.id));
  const migrations = new Set(config.migrations.map((m) => m.id));
  const duplicates = (ids: unknown[], section: string) => ids.forEach((id, i) => {
    if (ids.indexOf(id) !== i) problems.push({ path: `${section}[${i}].id`, message: `duplicate id "${String(id)}"` });
  });
  duplicates(config.servers.map((s) => s.id), 'servers');
  duplicates(config.migrations.map((m) => m.id), 'migrations');
  duplicates(config.accounts.map((a) => a.id), 'accounts');
  config.migrations.forEach((m, i) => {
    if (m.target !== undefined && !servers.has(m.target)) problems.push({ path: `migrations[${i}].target`, message: `unknown server ${JSON.stringify(m.target)}` });
    if (m.temporary && !(String(m.temporary.provisioner) in config.provisioners)) {
      problems.push({ path: `migrations[${i}].temporary.provisioner`, message: `unknown provisioner "${String(m.temporary.provisioner)}"` });
    }
    if (m.testable !== false && !m.temporary) problems.push({ path: `migrations[${i}].temporary`, message: 'a testable migration needs a temporary server provisioner' });
  });
  config.accounts.forEach((a, i) => {
    if (!servers.has(a.server)) problems.push({ path: `accounts[${i}].server`, message: `unknown server "${String(a.server)}"` });
    (a.migrations ?? []).forEach((m, j) => {
      if (!migrations.has(m)) problems.push({ path: `accounts[${i}].migrations[${j}]`, message: `unknown migration "${String(m)}"` });
    });
  });
  return problems;
}

/** Parses, interpolates and validates a config text; throws ValidationError listing every problem. */
export function parseConfig(text: string, env: NodeJS.ProcessEnv, source: string): Config {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (error) {
    throw new ValidationError(source, [{ path: '', message: `not valid YAML: ${(error as Error).message}` }]);
  }
  const envProblems: Problem[] = [];
  const interpolated = interpolateEnv(raw, env, [], envProblems);
  if (envProblems.length > 0) throw new ValidationError(source, envProblems);
  const references = crossReferenceProblems(loosen(interpolated));
  try {
    const config = validate(configSchema, interpolated, source);
    if (references.length > 0) throw new ValidationError(source, references);
    return config;
  } catch (error) {
    if (!(error instanceof ValidationError) || error.problems === references) throw error;
    throw new ValidationError(source, [...error.problems, ...references]);
  }
}

export async function loadConfig(file: string, env: NodeJS.ProcessEnv = process.env): Promise<Config> {
  return parseConfig(await readFile(file, 'utf8'), env, file);
}
