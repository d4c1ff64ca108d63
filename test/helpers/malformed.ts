/**
 * Malformed variants of a valid request, made the way a broken or hostile
 * sender makes them: a field nulled, removed, given another type or cut
 * short, two to four at a time, and whole bodies truncated. A seeded
 * generator, so a failure names the seed and the body that caused it.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** mulberry32: small, fast, and the same sequence for the same seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let x = state;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(random: () => number, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

type Path = (string | number)[];

/** Every path into `value`, inner nodes included (the root is the empty path). */
export function pathsOf(value: Json, prefix: Path = []): Path[] {
  const here = [prefix];
  if (Array.isArray(value)) return [...here, ...value.flatMap((item, i) => pathsOf(item, [...prefix, i]))];
  if (value !== null && typeof value === 'object') return [...here, ...Object.entries(value).flatMap(([key, item]) => pathsOf(item, [...prefix, key]))];
  return here;
}

/** Values of every JSON type, for retyping: a number where a string was, an array where an object was... */
const otherTypes: readonly Json[] = [0, -1, 1.5, 1e308, '', 'x', '1', 'null', '{}', 'x'.repeat(3000), true, false, [], [null], [1, 'a'], {}, { id: null }, { '': '' }];

function cut(value: Json, random: () => number): Json {
  if (typeof value === 'string') return value.slice(0, Math.floor(random() * value.length));
  if (Array.isArray(value)) return value.slice(0, Math.floor(random() * value.length));
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    return Object.fromEntries(entries.slice(0, Math.floor(random() * entries.length)));
  }
  return typeof value === 'number' ? Math.trunc(value / 10) : value;
}

/** `value` with the node at `path` changed by `change` (undefined removes it). */
function changed(value: Json, path: Path, change: (node: Json) => Json | undefined): Json | undefined {
  const [head, ...rest] = path;
  if (head === undefined) return change(value);
  if (Array.isArray(value) && typeof head === 'number') {
    const next = changed(value[head] ?? null, rest, change);
    return next === undefined ? value.filter((_, i) => i !== head) : value.map((item, i) => (i === head ? next : item));
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && typeof head === 'string') {
    const next = changed(value[head] ?? null, rest, change);
    const { [head]: _dropped, ...others } = value;
    return next === undefined ? others : { ...others, [head]: next };
  }
  return value;
}

/** One field of `value` nulled, removed, retyped or cut short; the root may become null or anything else. */
export function mutateOnce(value: Json, random: () => number): Json {
  const path = pick(random, pathsOf(value));
  const kind = pick(random, ['null', 'remove', 'retype', 'cut'] as const);
  const next = changed(value, path, (node) => {
    if (kind === 'null') return null;
    if (kind === 'remove') return undefined;
    if (kind === 'retype') return pick(random, otherTypes);
    return cut(node, random);
  });
  return next === undefined ? null : next;
}

/** Two to four mutations of `value`: one alone leaves too many requests valid. */
export function mutate(value: Json, random: () => number): Json {
  let next = value;
  const times = 2 + Math.floor(random() * 3);
  for (let i = 0; i < times; i += 1) next = mutateOnce(next, random);
  return next;
}

/** A body cut at a random byte (a request that lost its end on the way). */
export function truncated(body: string, random: () => number): string {
  return body.slice(0, Math.floor(random() * body.length));
}
