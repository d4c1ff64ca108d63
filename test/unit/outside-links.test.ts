import { describe, expect, it } from 'vitest';
import { renderMessage } from '../../adapters/slack/block-kit.ts';
import { renderDiscordMessage } from '../../adapters/discord/embeds.ts';
import { plainStyle, renderText } from '../../adapters/shell/render-text.ts';
import type { CopyReport } from '../../src/drivers/reports.ts';
import type { Message } from '../../src/messages/model.ts';
import { operationMessage, type OperationFacts } from '../../src/messages/operation-view.ts';

/** A table named like a Slack link, and a server error with a bare URL and a link in the core's syntax. */
const evilTable = '<https://evil.example|click>';
const evilError = `Can't create table \`${evilTable}\` (errno: 150); see https://evil.example/help or <https://evil.example/x|the manual>`;
const evilUser = '*<https://evil.example/boss|the boss>*';

const copy: CopyReport = {
  ok: false, startedAt: '2025-01-01T00:00:00.000Z', durationMs: 1000,
  databases: [{ name: 'shop', tables: 2, rows: 10, bytes: 1000, durationMs: 1000, failures: 1 }],
  totals: { tables: 2, rows: 10, bytes: 1000 },
  users: [{ user: 'app', host: evilTable, ok: true }],
  failures: [{ database: 'shop', object: evilTable, kind: 'table', statement: `CREATE TABLE \`${evilTable}\` (id INT) -- https://evil.example/s\\`, message: evilError, code: 'create-failed', details: { errno: 1005, sqlState: 'HY000' } }],
  compatibilityWarnings: [{ database: 'shop', table: evilTable, column: 'c', kind: 'zero-date', count: 1, sqlMode: 'https://evil.example/mode' }],
  warnings: [`shop.${evilTable} is system-versioned`],
  outsideSnapshot: [`shop.${evilTable}`],
  verification: [{ database: 'shop', table: evilTable, sourceRows: 1, targetRows: 0, sourceChecksum: '1', targetChecksum: null, ok: false }],
};

const base = {
  id: 'test-evil', kind: 'test', accountId: 'demo', migrationId: 'mariadb-11.8', requestedByName: evilUser, approvedBy: null,
  createdAt: new Date('2025-01-01T00:00:00Z'), startedAt: new Date('2025-01-01T00:00:00Z'), finishedAt: new Date('2025-01-01T00:00:01Z'),
  step: 'copy', error: null, report: null, progress: null,
} as const satisfies Partial<OperationFacts>;

const messages: Message[] = [
  operationMessage({
    ...base, status: 'failed', error: { step: 'copy', reason: 'the copy found failed objects' },
    report: { copy, notes: [{ key: 'report.old-copies', params: { server: evilTable } }], temporaryServer: { address: evilTable, version: evilTable, expiresAt: '2025-01-02T00:00:00Z' } },
  }, 'en', new Date('2025-01-01T00:01:00Z')),
  operationMessage({
    ...base, status: 'running', progress: { step: 'copy', database: 'shop', table: evilTable, bytesDone: 1, bytesTotal: 2, note: evilError },
  }, 'en', new Date('2025-01-01T00:01:00Z')),
];

/** Inline code spans: a URL inside one is never a link on either platform. */
const withoutCode = (text: string) => text.replace(/``[^`]*``|`[^`\n]*`/g, '');

describe('links found in table names, user names and server errors', () => {
  it('stay text on Slack: every mrkdwn text is verbatim (no auto-linking) and holds no link but the core\'s own', () => {
    for (const message of messages) {
      const json = JSON.stringify(renderMessage(message, 'en').blocks);
      const texts = [...json.matchAll(/\{"type":"mrkdwn","text":("(?:[^"\\]|\\.)*")(,"verbatim":true)?\}/g)];
      expect(texts.length).toBeGreaterThan(1);
      expect(texts.filter((m) => m[2] === undefined).map((m) => m[1])).toEqual([]);
      const shown = texts.map((m) => JSON.parse(m[1]!) as string).join('\n');
      expect(shown).not.toMatch(/<https?:/);
      expect(shown).toContain('&lt;https://evil.example|click&gt;');
    }
    expect(JSON.stringify(renderMessage(messages[0]!, 'en'))).toContain('see https://evil.example/help or &lt;https://evil.example/x|the manual&gt;');
  });

  it('stay text on Discord: no masked link, no bare URL outside code', () => {
    for (const message of messages) {
      const rendered = renderDiscordMessage(message, 'en');
      const shown = withoutCode(JSON.stringify(rendered.embeds));
      expect(shown).not.toMatch(/https?:\/\//);
      expect(shown).not.toMatch(/\]\(https?:/);
      expect(shown).toContain('https\\\\://evil.example');
      expect(rendered.allowed_mentions).toEqual({ parse: [] });
    }
  });

  it('read in the terminal exactly as the server or the user wrote them', () => {
    const failed = renderText(messages[0]!, plainStyle, () => 0);
    expect(failed).toContain(`shop.${evilTable} (table)`);
    expect(failed).toContain('see https://evil.example/help or <https://evil.example/x|the manual>');
    expect(failed).toContain('The old databases stay on `<https://evil.example|click>`');
    expect(failed).not.toContain('click (https://evil.example)');
    expect(failed).not.toContain('the manual (https://evil.example/x)');
    const running = renderText(messages[1]!, plainStyle, () => 0);
    expect(running).toContain(`Started by ${evilUser}`);
    expect(running).toContain(evilTable);
  });
});
