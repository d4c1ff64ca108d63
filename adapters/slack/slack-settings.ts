import type { Config } from '../../src/config/schema.ts';
import { ValidationError } from '../../src/errors.ts';

/** How this process talks to Slack, from the environment first, then the config's `slack` section. */
export type SlackSettings =
  | { readonly mode: 'http'; readonly botToken: string; readonly signingSecret: string; readonly port: number; readonly apiUrl?: string }
  | { readonly mode: 'socket'; readonly botToken: string; readonly appToken: string; readonly signingSecret?: string; readonly apiUrl?: string };

/** An empty value (`${SLACK_BOT_TOKEN:-}` in the YAML) counts as unset. */
function given(...values: (string | undefined)[]): string | undefined {
  return values.find((v) => v !== undefined && v.trim() !== '')?.trim();
}

/**
 * Slack is on when a bot token is set with a signing secret (HTTP: requests
 * on /slack/events, port PORT or `slack.port`, default 3000) or with an app
 * token (Socket Mode). A token without its partner is a configuration
 * problem, not a silent "Slack off". Returns undefined when nothing is set.
 */
export function slackSettings(config: Config, env: NodeJS.ProcessEnv, source: string): SlackSettings | undefined {
  const botToken = given(env['SLACK_BOT_TOKEN'], config.slack.botToken);
  const signingSecret = given(env['SLACK_SIGNING_SECRET'], config.slack.signingSecret);
  const appToken = given(env['SLACK_APP_TOKEN'], config.slack.appToken);
  const apiUrl = given(env['SLACK_API_URL'], config.slack.apiUrl);
  const portText = given(env['PORT']);
  if (botToken === undefined && signingSecret === undefined && appToken === undefined) return undefined;
  const problems: { path: string; message: string }[] = [];
  if (botToken === undefined) problems.push({ path: 'slack.botToken', message: 'set SLACK_BOT_TOKEN (xoxb-...) or slack.botToken: Slack needs a bot token' });
  else if (signingSecret === undefined && appToken === undefined) {
    problems.push({ path: 'slack.signingSecret', message: 'set SLACK_SIGNING_SECRET (HTTP mode) or SLACK_APP_TOKEN (Socket Mode) with the bot token' });
  }
  if (appToken !== undefined && !appToken.startsWith('xapp-')) problems.push({ path: 'slack.appToken', message: 'an app-level token starts with xapp-' });
  const port = portText === undefined ? config.slack.port : Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) problems.push({ path: 'PORT', message: `"${portText ?? ''}" is not a port number` });
  if (apiUrl !== undefined && !/^https?:\/\//.test(apiUrl)) problems.push({ path: 'slack.apiUrl', message: 'SLACK_API_URL must be an http(s) URL' });
  if (problems.length > 0 || botToken === undefined) throw new ValidationError(source, problems);
  const api = apiUrl === undefined ? {} : { apiUrl: apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/` };
  if (appToken !== undefined) return { mode: 'socket', botToken, appToken, ...(signingSecret !== undefined ? { signingSecret } : {}), ...api };
  return { mode: 'http', botToken, signingSecret: signingSecret ?? '', port, ...api };
}
