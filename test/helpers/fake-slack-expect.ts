/** Reading what the bot sent to the fake Slack: waiting for calls, finding buttons, following a message. */
import mysql from 'mysql2/promise';
import { eventually } from './test-core.ts';
import type { FakeSlack, RecordedCall } from './fake-slack.ts';
import { buttonsIn, textOf, type SlackButton } from './fake-slack-peer.ts';

export const ephemeralTo = (user: { id: string }, text: string) => (c: RecordedCall) =>
  c.method === 'chat.postEphemeral' && c.body['user'] === user.id && textOf(c).includes(text);

/** A message in the user's direct-message conversation with the bot. */
export const directTo = (fake: FakeSlack, user: { id: string }, text: string) => (c: RecordedCall) =>
  c.method === 'chat.postMessage' && c.body['channel'] === fake.directChannelOf(user.id) && textOf(c).includes(text);

export const inChannel = (channel: string, text: string) => (c: RecordedCall) =>
  c.method === 'chat.postMessage' && c.body['channel'] === channel && textOf(c).includes(text);

/** The `ts` the fake gave a posted message. */
export function tsOf(posted: RecordedCall): string {
  const ts = posted.response?.['ts'];
  if (typeof ts !== 'string') throw new Error(`no ts in the answer to ${JSON.stringify(posted.body)}`);
  return ts;
}

export function button(call: RecordedCall | { body: Record<string, unknown> }, label: string): SlackButton {
  const found = buttonsIn(call).find((b) => b.text.text === label);
  if (!found) throw new Error(`no button "${label}" in ${JSON.stringify(call.body)}`);
  return found;
}

/** Rows of the bot's state database (a mysql:// URL). */
export async function stateRows(stateUrl: string, sql: string): Promise<Record<string, unknown>[]> {
  const url = new URL(stateUrl);
  const connection = await mysql.createConnection({ host: url.hostname, port: Number(url.port || 3306), user: url.username || 'root', password: url.password, database: url.pathname.slice(1) });
  try {
    const [rows] = await connection.query(sql);
    return rows as Record<string, unknown>[];
  } finally {
    await connection.end();
  }
}

export function watch(fake: FakeSlack, output: () => string) {
  return {
    /** The first successful call, from index `from` on, that matches. */
    waitForCall: (what: string, match: (call: RecordedCall) => boolean, from = 0, ms = 30_000): Promise<RecordedCall> =>
      eventually(() => Promise.resolve(fake.calls.slice(from).find((c) => c.status === 200 && match(c))), ms, `${what}\n--- bot output ---\n${output()}`),
    /** Follows a posted operation message until its fallback text shows a final status. */
    finalState: (ts: string, ms = 180_000): Promise<string> =>
      eventually(() => {
        const text = fake.messages.get(ts)?.text ?? '';
        return Promise.resolve(/: (succeeded|failed|cancelled)$/.test(text) ? text : undefined);
      }, ms, `operation message ${ts} to reach a final state\n--- bot output ---\n${output()}`),
  };
}
