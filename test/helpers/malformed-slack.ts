/**
 * Malformed Slack requests, made from the shapes Slack really sends (a
 * slash command's form, the `payload` JSON of block_actions and
 * view_submission, the Events API's JSON) by nulling, removing, retyping
 * and truncating fields. The known killers come first, as they were
 * reported: `payload=null`, a JSON `null`, block_actions whose user or
 * actions is null.
 */
import { mutate, pick, truncated, type Json } from './malformed.ts';

export interface SlackBody {
  readonly body: string;
  readonly contentType: string;
}

const form = 'application/x-www-form-urlencoded';
const json = 'application/json';
const channel = 'C0FUZZ';
const user = { id: 'U0FUZZ', username: 'fuzz', name: 'fuzz', team_id: 'T0FAKE' };

/** A form field per key; an array repeats the key, a non-string is written as JSON (a form has strings only). */
function formOf(fields: Json): string {
  if (fields === null || typeof fields !== 'object' || Array.isArray(fields)) return typeof fields === 'string' ? fields : JSON.stringify(fields);
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) {
    for (const item of Array.isArray(value) ? value : [value]) params.append(key, typeof item === 'string' ? item : JSON.stringify(item));
  }
  return params.toString();
}

const payloadForm = (payload: Json): SlackBody => ({ body: new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), contentType: form });

/** The valid shapes, harmless if one survives the mutations: help, an unknown button, an unknown modal. */
export function slackShapes(responseUrl: string): { command: Json; blockActions: Json; viewSubmission: Json; events: Json[] } {
  return {
    command: {
      token: 'legacy', team_id: 'T0FAKE', team_domain: 'fake', channel_id: channel, channel_name: 'fuzz', user_id: user.id, user_name: user.name,
      command: '/migrate', text: 'help', api_app_id: 'A0APP', is_enterprise_install: 'false', response_url: responseUrl, trigger_id: '1.2.fuzz',
    },
    blockActions: {
      type: 'block_actions', api_app_id: 'A0APP', token: 'legacy', trigger_id: '1.2.fuzz', response_url: responseUrl, user,
      team: { id: 'T0FAKE', domain: 'fake' }, channel: { id: channel, name: 'fuzz' },
      container: { type: 'message', message_ts: '1700000000.000000', channel_id: channel, is_ephemeral: false },
      message: { type: 'message', ts: '1700000000.000000', text: '', blocks: [] },
      actions: [{ type: 'button', action_id: 'fuzz-unknown-action', block_id: 'b1', value: 'fuzz-unknown-action', text: { type: 'plain_text', text: 'Go' }, action_ts: '1700000000.1' }],
    },
    viewSubmission: {
      type: 'view_submission', api_app_id: 'A0APP', token: 'legacy', trigger_id: '1.2.fuzz', user, team: { id: 'T0FAKE', domain: 'fake' },
      view: {
        id: 'V0FUZZ', type: 'modal', callback_id: 'migrate-press', private_metadata: JSON.stringify({ a: 'fuzz-unknown-action', c: channel }),
        state: { values: { typed: { typed: { type: 'plain_text_input', value: 'fuzz' } } } }, hash: 'h',
      },
    },
    events: [
      { token: 'legacy', type: 'url_verification', challenge: 'fuzz-challenge' },
      { token: 'legacy', team_id: 'T0FAKE', api_app_id: 'A0APP', type: 'event_callback', event_id: 'Ev0FUZZ', event_time: 1700000000, event: { type: 'tokens_revoked', tokens: { bot: ['U0BOT'] }, event_ts: '1700000000.1' } },
      { token: 'legacy', team_id: 'T0FAKE', api_app_id: 'A0APP', type: 'event_callback', event_id: 'Ev0FUZY', event_time: 1700000000, event: { type: 'app_uninstalled', event_ts: '1700000000.1' } },
    ],
  };
}

/** The reported killers and their neighbours, each sent once. */
export function knownKillers(shapes: ReturnType<typeof slackShapes>): SlackBody[] {
  const actions = shapes.blockActions as Record<string, Json>;
  const view = shapes.viewSubmission as Record<string, Json>;
  return [
    { body: 'payload=null', contentType: form },
    { body: 'null', contentType: json },
    { body: 'null', contentType: form },
    { body: '', contentType: form },
    { body: '', contentType: json },
    { body: 'payload=', contentType: form },
    { body: 'payload=1', contentType: form },
    { body: 'payload=%22x%22', contentType: form },
    { body: 'payload=%5B%5D', contentType: form },
    { body: 'payload=%7B%7D', contentType: form },
    { body: 'payload=null&payload=null', contentType: form },
    { body: 'ssl_check=1&payload=null', contentType: form },
    { body: '[]', contentType: json },
    { body: '"x"', contentType: json },
    { body: '{"type":null}', contentType: json },
    payloadForm({ ...actions, user: null }),
    payloadForm({ ...actions, actions: null }),
    payloadForm({ ...actions, actions: [] }),
    payloadForm({ ...actions, actions: [null] }),
    payloadForm({ ...actions, user: null, actions: null }),
    payloadForm({ ...actions, team: null, user: { id: 'U0FUZZ' } }),
    payloadForm({ ...view, user: null }),
    payloadForm({ ...view, view: null }),
    payloadForm({ ...view, view: { ...(view['view'] as Record<string, Json>), state: null } }),
  ];
}

/** `count` malformed bodies: two to four mutations of a valid shape, and now and then a body cut short. */
export function malformedSlackBodies(shapes: ReturnType<typeof slackShapes>, count: number, random: () => number): SlackBody[] {
  const bodies = knownKillers(shapes);
  while (bodies.length < count) {
    const shape = pick(random, ['command', 'blockActions', 'viewSubmission', 'wrapper', 'event'] as const);
    let made: SlackBody;
    if (shape === 'command') made = { body: formOf(mutate(shapes.command, random)), contentType: form };
    else if (shape === 'blockActions') made = payloadForm(mutate(shapes.blockActions, random));
    else if (shape === 'viewSubmission') made = payloadForm(mutate(shapes.viewSubmission, random));
    else if (shape === 'wrapper') made = { body: formOf(mutate({ payload: JSON.stringify(pick(random, [shapes.blockActions, shapes.viewSubmission])) }, random)), contentType: form };
    else made = { body: JSON.stringify(mutate(pick(random, shapes.events), random)), contentType: json };
    bodies.push(random() < 0.15 ? { ...made, body: truncated(made.body, random) } : made);
  }
  return bodies;
}
