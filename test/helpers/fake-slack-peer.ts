/**
 * The test playing Slack towards the bot: slash commands, block_actions and
 * view_submission, form-encoded with the content type exactly
 * `application/x-www-form-urlencoded` and signed as Slack signs them.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { FakeSlack, RecordedCall } from './fake-slack.ts';

export interface SlackUserFixture {
  readonly id: string;
  readonly name: string;
}

export interface Sent {
  readonly status: number;
  readonly body: string;
  /** How long the bot took to answer (Slack gives up after 3 s). */
  readonly ms: number;
}

export interface SignOptions {
  /** Unix seconds; default now. */
  readonly timestamp?: number;
  /** A signature to send instead of the right one; null sends none. */
  readonly signature?: string | null;
  /** `application/x-www-form-urlencoded` unless told otherwise (the Events API sends JSON). */
  readonly contentType?: string;
}

export function slackSignature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface SlackButton {
  readonly action_id: string;
  readonly value?: string;
  readonly style?: string;
  readonly text: { readonly text: string };
  readonly confirm?: { readonly title: { text: string }; readonly text: { text: string }; readonly style?: string };
}

/** Every button in a recorded call's blocks. */
export function buttonsIn(call: RecordedCall | { body: Record<string, unknown> }): SlackButton[] {
  const blocks = (call.body['blocks'] as { type: string; elements?: SlackButton[] }[] | undefined) ?? [];
  return blocks.filter((b) => b.type === 'actions').flatMap((b) => b.elements ?? []);
}

/** All the text of a recorded call: fallback text and every text in its blocks. */
export function textOf(call: { body: Record<string, unknown> }): string {
  return `${typeof call.body['text'] === 'string' ? call.body['text'] : ''}\n${JSON.stringify(call.body['blocks'] ?? call.body['view'] ?? [])}`;
}

export class SlackPeer {
  private triggers = 0;

  constructor(private readonly botUrl: string, private readonly secret: string, private readonly fake: FakeSlack, readonly teamChannel: string) {}

  /** POSTs a form body to /slack/events, signed unless told otherwise. */
  async send(body: string, options: SignOptions = {}): Promise<Sent> {
    const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
    const signature = options.signature === undefined ? slackSignature(this.secret, timestamp, body) : options.signature;
    const headers: Record<string, string> = { 'Content-Type': options.contentType ?? 'application/x-www-form-urlencoded', 'X-Slack-Request-Timestamp': String(timestamp) };
    if (signature !== null) headers['X-Slack-Signature'] = signature;
    const started = Date.now();
    const response = await fetch(`${this.botUrl}/slack/events`, { method: 'POST', headers, body });
    return { status: response.status, body: await response.text(), ms: Date.now() - started };
  }

  commandBody(user: SlackUserFixture, text: string, channel = this.teamChannel): string {
    return new URLSearchParams({
      token: 'legacy-verification-token', team_id: 'T0FAKE', team_domain: 'fake', channel_id: channel, channel_name: 'team',
      user_id: user.id, user_name: user.name, command: '/migrate', text, api_app_id: 'A0APP',
      response_url: this.fake.responseUrl(`command-${randomBytes(4).toString('hex')}`), trigger_id: this.trigger(),
    }).toString();
  }

  command(user: SlackUserFixture, text: string, channel = this.teamChannel, options: SignOptions = {}): Promise<Sent> {
    return this.send(this.commandBody(user, text, channel), options);
  }

  /** Presses `button` as `user`, as Slack sends a block_actions payload. */
  press(user: SlackUserFixture, button: SlackButton, options: { channel?: string; ephemeral?: boolean; messageTs?: string; responseUrl?: string } = {}): Promise<Sent & { trigger: string; responseUrl: string }> {
    const channel = options.channel ?? this.teamChannel;
    const trigger = this.trigger();
    const responseUrl = options.responseUrl ?? this.fake.responseUrl(`press-${button.action_id}-${randomBytes(3).toString('hex')}`);
    const messageTs = options.messageTs ?? '1700000000.000000';
    const payload = {
      type: 'block_actions', api_app_id: 'A0APP', token: 'legacy-verification-token', trigger_id: trigger, response_url: responseUrl,
      user: { id: user.id, username: user.name, name: user.name, team_id: 'T0FAKE' },
      team: { id: 'T0FAKE', domain: 'fake' },
      channel: { id: channel, name: 'team' },
      container: { type: 'message', message_ts: messageTs, channel_id: channel, is_ephemeral: options.ephemeral ?? false },
      ...(options.ephemeral ? {} : { message: { type: 'message', ts: messageTs, text: '', blocks: [] } }),
      actions: [{ type: 'button', action_id: button.action_id, block_id: 'b1', value: button.value, text: { type: 'plain_text', text: button.text.text }, action_ts: String(Date.now() / 1000) }],
    };
    return this.send(new URLSearchParams({ payload: JSON.stringify(payload) }).toString()).then((sent) => ({ ...sent, trigger, responseUrl }));
  }

  /** Submits the modal opened by views.open `call`, with `typed` in its text input when it has one. */
  submit(user: SlackUserFixture, viewsOpen: RecordedCall, typed?: string): Promise<Sent> {
    const view = viewsOpen.body['view'] as { callback_id: string; private_metadata: string; blocks: { type: string; block_id?: string; element?: { action_id: string } }[] };
    const values: Record<string, Record<string, { type: string; value: string | null }>> = {};
    for (const block of view.blocks) {
      if (block.type === 'input' && block.block_id && block.element) values[block.block_id] = { [block.element.action_id]: { type: 'plain_text_input', value: typed ?? null } };
    }
    const payload = {
      type: 'view_submission', api_app_id: 'A0APP', token: 'legacy-verification-token', trigger_id: this.trigger(),
      user: { id: user.id, name: user.name, team_id: 'T0FAKE' }, team: { id: 'T0FAKE', domain: 'fake' },
      view: { id: 'V0VIEW', type: 'modal', callback_id: view.callback_id, private_metadata: view.private_metadata, state: { values }, hash: 'h' },
    };
    return this.send(new URLSearchParams({ payload: JSON.stringify(payload) }).toString());
  }

  private trigger(): string {
    return `${Date.now()}.${++this.triggers}.${randomBytes(4).toString('hex')}`;
  }
}
