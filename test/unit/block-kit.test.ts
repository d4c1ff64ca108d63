import { describe, expect, it } from 'vitest';
import type { types } from '@slack/bolt';
import { progressBar, renderMessage } from '../../adapters/slack/block-kit.ts';
import { decodePressValue } from '../../adapters/slack/press-value.ts';
import { pressModal } from '../../adapters/slack/modals.ts';
import { mrkdwn } from '../../adapters/slack/slack-text.ts';
import type { Block, Button, Message } from '../../src/messages/model.ts';

type Any = Record<string, unknown> & { type: string };
const blocksOf = (message: Message, locale: 'en' | 'fr' = 'en') => renderMessage(message, locale).blocks as unknown as Any[];
const buttons = (blocks: Any[]) => blocks.filter((b) => b.type === 'actions').flatMap((b) => b['elements'] as types.Button[]);

describe('Block Kit rendering of the core message model', () => {
  it('renders header, section with fields, context, divider, progress and actions', () => {
    const blocks = blocksOf({
      text: 'fallback',
      blocks: [
        { type: 'header', text: 'Test of *x* for demo' },
        { type: 'section', text: 'Docs: <https://example.com/a?b=1&c=2|the docs>', fields: [{ label: 'Databases', value: 'demo_shop (12 MB)' }] },
        { type: 'context', text: 'Operation `test-1`' },
        { type: 'divider' },
        { type: 'progress', ratio: 0.45, label: 'demo_shop.orders: 45%' },
        { type: 'actions', buttons: [{ actionId: 'cancel-test-1', label: 'Cancel' }] },
      ],
    });
    expect(blocks.map((b) => b.type)).toEqual(['header', 'section', 'section', 'context', 'divider', 'section', 'actions']);
    expect(blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Test of x for demo', emoji: true } });
    expect(blocks[1]).toEqual({ type: 'section', text: { type: 'mrkdwn', text: 'Docs: <https://example.com/a?b=1&amp;c=2|the docs>', verbatim: true } });
    expect(blocks[2]).toEqual({ type: 'section', fields: [{ type: 'mrkdwn', text: '*Databases*\ndemo_shop (12 MB)', verbatim: true }] });
    expect(JSON.stringify(blocks[5])).toContain('▓▓▓▓▓▓▓▓▓░░░░░░░░░░░ 45%');
    expect(buttons(blocks)).toEqual([{ type: 'button', text: { type: 'plain_text', text: 'Cancel', emoji: true }, action_id: 'cancel-test-1', value: 'cancel-test-1' }]);
  });

  it('draws the progress bar from 0 to 100 % and survives odd ratios', () => {
    expect(progressBar(0)).toBe(`${'░'.repeat(20)} 0%`);
    expect(progressBar(1)).toBe(`${'▓'.repeat(20)} 100%`);
    expect(progressBar(1.7)).toBe(`${'▓'.repeat(20)} 100%`);
    expect(progressBar(Number.NaN)).toBe(`${'░'.repeat(20)} 0%`);
  });

  it('escapes what Slack would read as markup, but keeps the core links', () => {
    expect(mrkdwn('WHERE a < b && c > d')).toBe('WHERE a &lt; b &amp;&amp; c &gt; d');
    expect(mrkdwn('see <https://mariadb.com/docs|docs> <!channel>')).toBe('see <https://mariadb.com/docs|docs> &lt;!channel&gt;');
  });

  it('gives Confirm and Rollback their style and a Slack confirm dialog', () => {
    const button: Button = { actionId: 'c-abc', label: 'Confirm', style: 'danger', confirm: { title: 'Are you sure?', text: 'This migrates demo for real.', yes: 'Yes, go ahead', no: 'No' } };
    const [rendered] = buttons(blocksOf({ text: 't', blocks: [{ type: 'actions', buttons: [button] }] }));
    expect(rendered).toMatchObject({
      style: 'danger', action_id: 'c-abc', value: 'c-abc',
      confirm: { title: { text: 'Are you sure?' }, text: { text: 'This migrates demo for real.' }, confirm: { text: 'Yes, go ahead' }, deny: { text: 'No' }, style: 'danger' },
    });
  });

  it('carries what a typed-confirmation or approval modal needs in the button value, within 2,000 characters', () => {
    const typed: Button = { actionId: 'c-1', label: 'Confirm', style: 'danger', input: { title: 'Typed confirmation', label: 'Account name', submit: 'Confirm' } };
    const review: Button = { actionId: 'a-1', label: 'Approve', style: 'primary', review: { title: 'Approve', text: 'x'.repeat(5000), submit: 'Approve', close: 'Cancel' } };
    const [t, r] = buttons(blocksOf({ text: 't', blocks: [{ type: 'actions', buttons: [typed, review] }] }));
    expect(t!.value!.length).toBeLessThanOrEqual(2000);
    expect(r!.value!.length).toBeLessThanOrEqual(2000);
    expect(decodePressValue('c-1', t!.value).modal).toMatchObject({ kind: 'input', label: 'Account name' });
    const decoded = decodePressValue('a-1', r!.value);
    expect(decoded).toMatchObject({ actionId: 'a-1', modal: { kind: 'review', submit: 'Approve', close: 'Cancel' } });
    const view = pressModal(decoded.modal!, { a: 'a-1', c: 'C1', r: 'https://hooks.slack.com/x' });
    expect(view.title.text.length).toBeLessThanOrEqual(24);
    expect(view.close?.text).toBe('Cancel');
    expect(JSON.parse(view.private_metadata!)).toEqual({ a: 'a-1', c: 'C1', r: 'https://hooks.slack.com/x' });
    const typedView = pressModal(decodePressValue('c-1', t!.value).modal!, { a: 'c-1', c: 'C1' });
    expect(typedView.blocks.at(-1)).toMatchObject({ type: 'input', block_id: 'typed', element: { type: 'plain_text_input', action_id: 'typed' } });
  });

  it('cuts texts to Slack limits: header 150, button 75, section 3,000 (split), 10 fields a section', () => {
    const blocks = blocksOf({
      text: 'y'.repeat(50_000),
      blocks: [
        { type: 'header', text: 'h'.repeat(400) },
        { type: 'section', text: Array.from({ length: 200 }, (_, i) => `line ${i} ${'z'.repeat(40)}`).join('\n') },
        { type: 'section', text: '', fields: Array.from({ length: 13 }, (_, i) => ({ label: `f${i}`, value: 'v' })) },
        { type: 'actions', buttons: [{ actionId: 'a'.repeat(300), label: 'L'.repeat(200) }] },
      ],
    });
    expect(((blocks[0]!['text'] as { text: string }).text).length).toBe(150);
    const sections = blocks.filter((b) => b.type === 'section' && b['text']);
    expect(sections.length).toBeGreaterThan(1);
    for (const s of sections) expect(((s['text'] as { text: string }).text).length).toBeLessThanOrEqual(3000);
    const fieldSections = blocks.filter((b) => b['fields']);
    expect(fieldSections.map((b) => (b['fields'] as unknown[]).length)).toEqual([10, 3]);
    const [b] = buttons(blocks);
    expect(b!.text.text.length).toBe(75);
    expect(b!.action_id!.length).toBe(255);
    expect(renderMessage({ text: 'y'.repeat(50_000), blocks: [] }, 'en').text.length).toBeLessThanOrEqual(4000);
  });

  it('shortens a message over 50 blocks, keeps its buttons, and points to the full report in its language', () => {
    const many: Block[] = Array.from({ length: 80 }, (_, i) => ({ type: 'section', text: `failure ${i}` }));
    const message: Message = {
      text: 'Test of m for demo: failed', locale: 'fr',
      operation: { id: 'test-1', kind: 'test', status: 'failed', accountId: 'demo', migrationId: 'm' },
      blocks: [{ type: 'header', text: 'Test' }, ...many, { type: 'actions', buttons: [{ actionId: 'rollback-run-1', label: 'Retour arrière', style: 'danger' }] }],
    };
    const blocks = blocksOf(message);
    expect(blocks).toHaveLength(50);
    expect(blocks.at(-1)!.type).toBe('actions');
    const pointer = JSON.stringify(blocks.at(-2));
    expect(pointer).toContain('Ce message est raccourci (33 blocs de plus)');
    expect(pointer).toContain('/migrate status demo');
    expect(JSON.stringify(blocks[1])).toContain('failure 0');
    expect(JSON.stringify(blocksOf({ ...message, locale: 'en' }).at(-2))).toContain('This message is shortened (33 more blocks)');
  });

  it('keeps an uncapped report (the view no longer cuts lists) within 50 blocks of at most 3,000 characters', () => {
    const failures = Array.from({ length: 2000 }, (_, i) => `• shop.t${i} (table): errno 1005 SQLSTATE HY000: Can't create table <x>\n  \`CREATE TABLE t${i} (a INT)\``);
    const message: Message = {
      text: 'Test of m for demo: failed',
      operation: { id: 'test-2', kind: 'test', status: 'failed', accountId: 'demo', migrationId: 'm' },
      blocks: [{ type: 'header', text: 'Test' }, { type: 'section', text: `*Failures (2000)*\n${failures.join('\n')}` }, { type: 'context', text: 'Operation `test-2`' }],
    };
    const blocks = blocksOf(message);
    expect(blocks).toHaveLength(50);
    for (const block of blocks.filter((b) => b.type === 'section')) expect(((block['text'] as { text: string }).text).length).toBeLessThanOrEqual(3000);
    expect(JSON.stringify(blocks.at(-1))).toContain('`/migrate status demo` shows all of it');
    expect(JSON.stringify(blocks[1])).toContain('shop.t0 (table)');
    expect(JSON.stringify(blocks)).not.toContain('<x>');
  });

  it('splits more than 25 buttons over several actions blocks', () => {
    const many = Array.from({ length: 30 }, (_, i) => ({ actionId: `b${i}`, label: `B${i}` }));
    const blocks = blocksOf({ text: 't', blocks: [{ type: 'actions', buttons: many }] });
    expect(blocks.map((b) => (b['elements'] as unknown[]).length)).toEqual([25, 5]);
  });
});
