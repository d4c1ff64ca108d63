/**
 * Typed commands (what Discord's slash options give) and autocomplete,
 * against the real state database and queue: the same use cases and
 * refusals as the text, answers through the request's `respond`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleCommand, handleStructuredCommand } from '../../src/commands/dispatch.ts';
import { autocomplete } from '../../src/commands/autocomplete.ts';
import type { RequestContext } from '../../src/domain/identity.ts';
import type { Message } from '../../src/messages/model.ts';
import { parseInline } from '../../src/messages/markup.ts';
import { openTestCore, type TestCore } from '../helpers/test-core.ts';

let t: TestCore;

beforeAll(async () => {
  t = await openTestCore('structured');
});
afterAll(async () => {
  await t.dispose();
});

/** A request as an adapter builds it, recording what it answers. */
function request(name: string, locale: 'en' | 'fr' = 'en') {
  const answers: { message: Message; ephemeral: boolean }[] = [];
  const ctx: RequestContext = {
    user: { platform: 'shell', id: name, name }, channelId: 'terminal', locale,
    respond: (message, { ephemeral }) => Promise.resolve(void answers.push({ message, ephemeral })),
  };
  return { ctx, answers };
}

const user = (id: string) => ({ platform: 'shell' as const, id });

describe('structured commands', () => {
  it('answer a typed command exactly as its text, through the request, to the requester alone', async () => {
    const typed = request('alice');
    const texted = request('alice');
    await handleStructuredCommand(t.core, typed.ctx, { name: 'list', account: 'demo' });
    await handleCommand(t.core, texted.ctx, '/migrate list demo');
    expect(typed.answers.map((a) => a.ephemeral)).toEqual([true]);
    expect(typed.answers[0]?.message.text).toContain('Migrations for demo');
    expect(typed.answers.map((a) => a.message.text)).toEqual(texted.answers.map((a) => a.message.text));
    // Nothing of it went to the channel.
    expect(t.chat.posts.filter((p) => p.message.text.includes('Migrations for demo'))).toEqual([]);
  });

  it('check typed values as the parser does: an empty option is left out, a bad one refused', async () => {
    const empty = request('alice');
    await handleStructuredCommand(t.core, empty.ctx, { name: 'status', account: '  ' });
    expect(empty.answers[0]?.message.text).toContain('Status of demo');
    const missing = request('alice');
    await handleStructuredCommand(t.core, missing.ctx, { name: 'test', migration: '' });
    expect(missing.answers[0]?.message.text).toBe('Missing migration. Usage: `/migrate test <migration> [account]`');
  });

  it('show a refused value as text: what the user typed never becomes a link or bold', async () => {
    const { ctx, answers } = request('alice');
    await handleStructuredCommand(t.core, ctx, { name: 'test', migration: '<https://evil.example|*x*>' });
    const text = answers[0]?.message.text ?? '';
    expect(text).toContain('is not a valid migration');
    const tokens = parseInline(text);
    expect(tokens.some((token) => token.kind === 'link' || token.kind === 'bold')).toBe(false);
    expect(tokens.filter((token) => token.kind === 'code').map((token) => token.kind === 'code' && token.text)[0]).toBe('<https://evil.example|*x*>');
  });
});

describe('autocomplete', () => {
  it('offers the accounts a user belongs to, and nothing to a stranger', async () => {
    expect(await autocomplete(t.core, user('alice'), { option: 'account', partial: '' })).toEqual([{ name: 'demo', value: 'demo' }]);
    expect(await autocomplete(t.core, user('alice'), { option: 'account', partial: 'DE' })).toEqual([{ name: 'demo', value: 'demo' }]);
    expect(await autocomplete(t.core, user('alice'), { option: 'account', partial: 'zz' })).toEqual([]);
    expect(await autocomplete(t.core, user('mallory'), { option: 'account', partial: '' })).toEqual([]);
  });

  it('offers the migrations of an account, those starting with the typed text first, in the reader\'s language', async () => {
    const all = await autocomplete(t.core, user('carol'), { option: 'migration', partial: '', account: 'demo' });
    expect(all.map((c) => c.value)).toEqual(['mariadb-11.8', 'mariadb-10.11-rebuild']);
    const rebuild = await autocomplete(t.core, user('carol'), { option: 'migration', partial: 'rebuild', locale: 'fr' });
    expect(rebuild).toEqual([{ value: 'mariadb-10.11-rebuild', name: 'mariadb-10.11-rebuild — Reconstruction sur MariaDB 10.11 (même version, serveur neuf)' }]);
    const started = await autocomplete(t.core, user('carol'), { option: 'migration', partial: 'mariadb-1' });
    expect(started.map((c) => c.value)).toEqual(['mariadb-11.8', 'mariadb-10.11-rebuild']);
    expect(await autocomplete(t.core, user('mallory'), { option: 'migration', partial: '', account: 'demo' })).toEqual([]);
    for (const choice of all) expect(choice.name.length).toBeLessThanOrEqual(100);
  });

  it('offers the operation in progress to those who may cancel it: its requester and owners, not a viewer', async () => {
    const bob = request('bob');
    const outcome = await handleStructuredCommand(t.core, bob.ctx, { name: 'test', migration: 'mariadb-11.8', account: 'demo' });
    const id = outcome.operations[0];
    expect(id).toBeDefined();
    const offered = async (name: string) => (await autocomplete(t.core, user(name), { option: 'operation', partial: id!.slice(0, 6) })).map((c) => c.value);
    expect(await offered('bob')).toEqual([id]);
    expect(await offered('dave')).toEqual([id]);
    expect(await offered('carol')).toEqual([]);
    const [choice] = await autocomplete(t.core, user('bob'), { option: 'operation', partial: '' });
    expect(choice?.name).toBe(`${id} — test mariadb-11.8 (demo), queued`);
    // Cancelled through the typed command too, after which nothing is left to offer.
    const cancel = request('bob');
    await handleStructuredCommand(t.core, cancel.ctx, { name: 'cancel', operation: id! });
    expect((await t.core.store.operations.get(id!))?.status).toBe('cancelled');
    expect(await offered('bob')).toEqual([]);
  });
});
