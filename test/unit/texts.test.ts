import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { t } from '../../src/messages/i18n.ts';

const src = fileURLToPath(new URL('../../src', import.meta.url));

async function sources(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(entries.map((e) => (e.isDirectory() ? sources(join(dir, e.name)) : Promise.resolve(e.name.endsWith('.ts') ? [join(dir, e.name)] : []))));
  return nested.flat();
}

describe('texts', () => {
  it('every UserError code thrown in src/ has an English and a French text', async () => {
    const codes = new Set<string>();
    for (const file of await sources(src)) {
      const text = await readFile(file, 'utf8');
      for (const match of text.matchAll(/new UserError\(\s*'([^']+)'/g)) codes.add(match[1]!);
    }
    expect(codes.size).toBeGreaterThan(30);
    const missing = [...codes].filter((code) => t('en', code) === code || t('fr', code) === code || t('fr', code) === t('en', code));
    expect(missing).toEqual([]);
  });
});
