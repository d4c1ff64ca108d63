/**
 * A signed Slack request as Slack sends it to this app, validated with zod
 * before Bolt sees it: a slash command's form fields, the `payload` JSON of
 * a button press (block_actions) or of our modal's submission
 * (view_submission), or the Events API's JSON (url_verification and the
 * two events the manifest subscribes to). Whatever fails here is something
 * Slack would never send: the edge answers it 400. What passes is reduced
 * to the fields Bolt and the handlers read, so nothing else reaches them.
 */
import { parse as parseForm } from 'node:querystring';
import { z } from 'zod';
import { validate } from '../../src/config/load-config.ts';
import { ValidationError } from '../../src/errors.ts';
import { pressCallbackId } from './modals.ts';

const slackId = z.string().regex(/^[A-Z0-9]{1,40}$/, 'must be a Slack id');
const short = (max: number) => z.string().max(max);
const httpUrl = z.url({ protocol: /^https?$/ }).max(2000);
const triggerId = z.string().min(1).max(200);

const command = z.object({
  command: z.string().regex(/^\/\S{1,31}$/, 'must be a slash command'),
  text: short(4000).default(''),
  user_id: slackId,
  user_name: short(100).optional(),
  channel_id: slackId,
  channel_name: short(200).optional(),
  team_id: slackId,
  team_domain: short(200).optional(),
  enterprise_id: slackId.optional(),
  enterprise_name: short(200).optional(),
  is_enterprise_install: z.enum(['true', 'false']).optional(),
  api_app_id: slackId.optional(),
  token: short(200).optional(),
  response_url: httpUrl,
  trigger_id: triggerId,
});

const user = z.object({ id: slackId, username: short(100).optional(), name: short(100).optional(), team_id: slackId.optional() });
/** Null in an org-wide install; Bolt then reads the user's team. */
const team = z.object({ id: slackId, domain: short(200).optional(), enterprise_id: slackId.optional() }).nullable().optional();
const enterprise = z.object({ id: slackId, name: short(200).optional() }).nullable().optional();
const interactive = {
  api_app_id: slackId.optional(),
  token: short(200).optional(),
  trigger_id: triggerId,
  user,
  team,
  enterprise,
  is_enterprise_install: z.boolean().optional(),
};

const blockActions = z.object({
  ...interactive,
  type: z.literal('block_actions'),
  response_url: httpUrl.optional(),
  channel: z.object({ id: slackId, name: short(200).optional() }).optional(),
  container: z.object({ type: short(50), message_ts: short(50).optional(), channel_id: slackId.optional(), is_ephemeral: z.boolean().optional() }),
  message: z.object({ ts: short(50), type: short(50).optional() }).optional(),
  actions: z.array(z.object({
    type: short(50).min(1),
    action_id: short(255).min(1),
    block_id: short(255).optional(),
    value: short(2000).optional(),
    action_ts: short(50).optional(),
  })).min(1).max(25),
});

const stateValue = z.object({ type: short(50), value: short(4000).nullish() });
const viewSubmission = z.object({
  ...interactive,
  type: z.literal('view_submission'),
  view: z.object({
    id: short(50).min(1),
    type: z.literal('modal'),
    // The only modal this app opens; a submission of any other is not ours.
    callback_id: z.literal(pressCallbackId),
    private_metadata: short(3000),
    state: z.object({ values: z.record(short(255), z.record(short(255), stateValue)) }),
    hash: short(200).optional(),
    app_installed_team_id: slackId.optional(),
  }),
});

/** Slack always says whose workspace it is: the team, or (org-wide, team null) the user's team. */
const interaction = z.discriminatedUnion('type', [blockActions, viewSubmission])
  .refine((body) => (body.team?.id ?? body.user.team_id) !== undefined, { path: ['team'], message: 'a team or the user\'s team_id is needed' });

const eventsApi = z.discriminatedUnion('type', [
  z.object({ type: z.literal('url_verification'), challenge: short(500).min(1), token: short(200).optional() }),
  z.object({
    type: z.literal('event_callback'),
    team_id: slackId,
    api_app_id: slackId.optional(),
    enterprise_id: slackId.nullish(),
    event_id: short(100).min(1),
    event_time: z.number().int().nonnegative(),
    authorizations: z.array(z.object({ team_id: slackId.nullable(), enterprise_id: slackId.nullable().optional(), user_id: slackId.optional(), is_bot: z.boolean().optional(), is_enterprise_install: z.boolean().optional() })).max(10).optional(),
    // The manifest subscribes to these two events alone.
    event: z.discriminatedUnion('type', [
      z.object({ type: z.literal('app_uninstalled'), event_ts: short(50).optional() }),
      z.object({ type: z.literal('tokens_revoked'), event_ts: short(50).optional(), tokens: z.object({ oauth: z.array(slackId).max(100).optional(), bot: z.array(slackId).max(100).optional() }).optional() }),
    ]),
  }),
]);

const mediaType = (contentType: string | undefined) => contentType?.split(';')[0]?.trim().toLowerCase();
const isForm = (contentType: string | undefined) => mediaType(contentType) === 'application/x-www-form-urlencoded';

/** Slack's SSL check: a form with `ssl_check=1`, which Slack does not sign. */
export function isSslCheck(rawBody: string, contentType: string | undefined): boolean {
  return isForm(contentType) && parseForm(rawBody)['ssl_check'] === '1';
}

/**
 * The body Bolt may see (the validated fields alone), or a ValidationError
 * (a SyntaxError for JSON that does not parse): the edge answers those 400.
 */
export function readSlackRequest(rawBody: string, contentType: string | undefined): object {
  if (isForm(contentType)) {
    const fields = parseForm(rawBody);
    const payload = fields['payload'];
    if (payload === undefined) return validate(command, fields, 'Slack slash command');
    if (typeof payload !== 'string') throw new ValidationError('Slack interaction', [{ path: 'payload', message: 'must be one form field' }]);
    return validate(interaction, JSON.parse(payload), 'Slack interaction');
  }
  if (mediaType(contentType) === 'application/json') return validate(eventsApi, JSON.parse(rawBody), 'Slack event');
  throw new ValidationError('Slack request', [{ path: 'content-type', message: 'must be a form or JSON' }]);
}
