/** The Discord renderer on messages over Discord's limits (PROTOCOLS.md): what the fake would refuse never leaves. */
import { describe, expect, it } from 'vitest';
import { renderDiscordMessage } from '../../adapters/discord/embeds.ts';
import type { Message } from '../../src/messages/model.ts';

const operation = { id: 'test-abc12345', kind: 'test', status: 'failed', accountId: 'demo', migrationId: 'mariadb-11.8' } as const;

describe('Discord messages within the limits', () => {
  it('cuts a long report with a pointer to /migrate status, within 6,000 characters and 25 fields, every button within 5 rows', () => {
    const buttons = Array.from({ length: 30 }, (_, i) => ({ actionId: `x-${i}`, label: `Button ${i} ${'l'.repeat(100)}` }));
    const message: Message = {
      text: 'Test of mariadb-11.8 for demo: failed', operation, locale: 'fr',
      blocks: [
        { type: 'header', text: 'Test of mariadb-11.8 for demo' },
        ...Array.from({ length: 300 }, (_, i) => ({ type: 'section' as const, text: `shop.orders_${i}: source 1000 rows, copy 999 rows, checksums differ` })),
        { type: 'section', text: '', fields: Array.from({ length: 40 }, (_, i) => ({ label: `Field ${i}`, value: 'v'.repeat(2000) })) },
        { type: 'progress', ratio: 0.5, label: 'copy' },
        { type: 'actions', buttons },
      ],
    };
    const rendered = renderDiscordMessage(message, 'en');
    const [embed] = rendered.embeds;
    const total = [...(embed?.title ?? '')].length + [...(embed?.description ?? '')].length + (embed?.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);
    expect(total).toBeLessThanOrEqual(6000);
    expect([...(embed?.description ?? '')].length).toBeLessThanOrEqual(4096);
    expect(embed?.fields?.length).toBeGreaterThan(0);
    expect(embed?.fields?.length).toBeLessThanOrEqual(25);
    for (const field of embed?.fields ?? []) expect(field.value.length).toBeLessThanOrEqual(1024);
    expect(embed?.description).toContain('`/migrate status demo` le montre en entier');
    expect(embed?.color).toBe(0xe74c3c);
    expect(rendered.components).toHaveLength(5);
    for (const row of rendered.components) {
      expect(row.components.length).toBeLessThanOrEqual(5);
      for (const b of row.components) {
        expect(b.label?.length).toBeLessThanOrEqual(80);
        expect(b.custom_id.length).toBeLessThanOrEqual(100);
      }
    }
  });

  it('marks danger buttons, and the step a press needs first in the custom_id', () => {
    const rendered = renderDiscordMessage({
      text: 'Confirm', blocks: [{ type: 'actions', buttons: [
        { actionId: 'c-1', label: 'Confirm', style: 'danger', confirm: { title: 'Sure?', text: 't', yes: 'Yes', no: 'No' }, input: { title: 'T', label: 'L', submit: 'S' } },
        { actionId: 'r-1', label: 'Rollback', style: 'danger', confirm: { title: 'Sure?', text: 't', yes: 'Yes', no: 'No' } },
        { actionId: 'a-1', label: 'Approve', style: 'primary', review: { title: 'A', text: 't', submit: 'A', close: 'C' } },
        { actionId: 'x-1', label: 'Cancel' },
      ] }],
    }, 'en');
    expect(rendered.components[0]?.components.map((b) => [b.label, b.style, b.custom_id])).toEqual([
      ['Confirm', 4, 'i:c-1'], ['Rollback', 4, 'c:r-1'], ['Approve', 1, 'r:a-1'], ['Cancel', 2, 'p:x-1'],
    ]);
  });
});
