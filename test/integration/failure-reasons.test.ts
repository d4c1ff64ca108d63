import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleCommand } from '../../src/commands/dispatch.ts';
import { UserError } from '../../src/errors.ts';
import type { Executor } from '../../src/operations/context.ts';
import { renderOperation } from '../../src/operations/notifier.ts';
import { runOperation } from '../../src/operations/runner.ts';
import type { StoredFailure } from '../../src/messages/operation-view.ts';
import type { RequestContext } from '../../src/domain/identity.ts';
import { openTestCore, type TestCore } from '../helpers/test-core.ts';

// Item 5 of issue 11: a failure is kept as its fact (a refusal's code and params, a crash's message), redacted once,
// and each reader gets it in their language with every param literal, never as markup or as another reader's text.
let t: TestCore;
const frenchAlice: RequestContext = { user: { platform: 'shell', id: 'alice', name: 'alice' }, channelId: 'terminal', locale: 'fr' };
const never: Executor = () => Promise.reject(new Error('not this kind'));

beforeAll(async () => {
  t = await openTestCore('reasons');
});
afterAll(async () => {
  await t.dispose();
});

/** A test of the demo account asked in French, run to its end by `executor`. */
async function failWith(executor: Executor) {
  const id = (await handleCommand(t.core, frenchAlice, '/migrate test mariadb-10.11-rebuild demo')).operations[0]!;
  await runOperation(t.core, id, 'w-reasons', { test: executor, run: never, rollback: never });
  const op = (await t.core.store.operations.get(id))!;
  const section = async (locale: 'en' | 'fr') => (await renderOperation(t.core, op, locale)).blocks.flatMap((b) => (b.type === 'section' ? [b.text] : []))[0];
  return { op, failure: op.error as StoredFailure, en: await section('en'), fr: await section('fr'), team: t.chat.posts.at(-1)?.message.text };
}

describe('failure reasons', () => {
  it('keep a refusal\'s code and params: each reader gets their language, the params literal and without secrets', async () => {
    const objects = "database *shop*, user <https://evil.example|click> IDENTIFIED BY 'hunter2'";
    const { op, failure, en, fr, team } = await failWith(() => Promise.reject(new UserError('run-target-occupied', { server: 'db`2', objects, account: 'demo' })));
    expect(op.status).toBe('failed');
    expect(failure.fact?.key).toBe('run-target-occupied');
    expect(JSON.stringify(op.error)).not.toContain('hunter2');
    const literal = String.raw`database \*shop\*, user \<https://evil.example|click> IDENTIFIED BY '\*\*\*'`;
    expect(en).toBe(`Failed at step -: The target server \`db\\\`2\` already holds ${literal}, which the bot did not create for \`demo\`. Nothing was changed; an admin must move or remove them first.`);
    expect(fr).toBe(`Échec à l’étape - : Le serveur cible \`db\\\`2\` contient déjà ${literal}, que le bot n’a pas créés pour \`demo\`. Rien n’a été modifié ; un admin doit d’abord les déplacer ou les supprimer.`);
    // The team channel reads the config's language (English), not the requester's.
    expect(team).toBe(`test of demo (mariadb-10.11-rebuild) failed at -: The target server \`db\\\`2\` already holds ${literal}, which the bot did not create for \`demo\`. Nothing was changed; an admin must move or remove them first.`);
  });

  it('show a crash\'s message as literal text, redacted', async () => {
    const { failure, en, fr } = await failWith(() => Promise.reject(new Error("Table `t*x*` broke <https://evil.example|here>: password='hunter2'")));
    expect(failure.fact?.key).toBe('op.reason');
    expect(JSON.stringify(failure)).not.toContain('hunter2');
    const literal = String.raw`Table \`t\*x\*\` broke \<https://evil.example|here>: password='\*\*\*'`;
    expect(en).toBe(`Failed at step -: ${literal}`);
    expect(fr).toBe(`Échec à l’étape - : ${literal}`);
  });

  it('word a test\'s failed result in each reader\'s language', async () => {
    const { failure, en, fr } = await failWith(() => Promise.resolve({ failedReason: '3 objects failed', failure: { key: 'op.failed-objects', params: { count: 3 } } }));
    expect(failure.step).toBe('verify');
    expect(en).toBe('Failed at step verify: 3 objects failed');
    expect(fr).toBe('Échec à l’étape verify : 3 objets en échec');
  });

  it('show a failure stored by an earlier version (a reason alone) as it was', async () => {
    const { op } = await failWith(() => Promise.reject(new Error('boom')));
    await t.core.store.operations.patch(op.id, { error: { step: 'copy', reason: 'legacy *reason*' } }, new Date());
    const legacy = (await t.core.store.operations.get(op.id))!;
    expect((await renderOperation(t.core, legacy, 'en')).blocks.some((b) => b.type === 'section' && b.text === 'Failed at step copy: legacy *reason*')).toBe(true);
  });
});
