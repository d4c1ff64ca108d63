/**
 * The Slack app manifests must match what the adapter serves and calls:
 * one command, interactivity and events on /slack/events, and the scopes
 * of every Web API method the bot uses.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

interface Manifest {
  features: { slash_commands: { command: string; url?: string }[] };
  oauth_config: { scopes: { bot: string[] } };
  settings: { interactivity: { is_enabled: boolean; request_url?: string }; event_subscriptions: { request_url?: string; bot_events: string[] }; socket_mode_enabled: boolean };
  display_information: { long_description?: string };
}

const read = (name: string) => JSON.parse(readFileSync(new URL(`../../adapters/slack/${name}`, import.meta.url), 'utf8')) as Manifest;

describe('Slack app manifests', () => {
  for (const [name, socket] of [['manifest.json', false], ['manifest.socket-mode.json', true]] as const) {
    it(`${name} declares /migrate, interactivity, events and the scopes the bot needs`, () => {
      const manifest = read(name);
      expect(manifest.features.slash_commands.map((c) => c.command)).toEqual(['/migrate']);
      expect(manifest.settings.interactivity.is_enabled).toBe(true);
      expect(manifest.settings.socket_mode_enabled).toBe(socket);
      expect(manifest.settings.event_subscriptions.bot_events).toEqual(['app_uninstalled', 'tokens_revoked']);
      // commands: /migrate; chat:write: postMessage, postEphemeral, update; chat:write.public: team channels it was not invited to;
      // im:write: conversations.open for direct messages (credentials); users:read: users.info locale.
      expect([...manifest.oauth_config.scopes.bot].sort()).toEqual(['chat:write', 'chat:write.public', 'commands', 'im:write', 'users:read']);
      const urls = [manifest.features.slash_commands[0]?.url, manifest.settings.interactivity.request_url, manifest.settings.event_subscriptions.request_url];
      if (socket) expect(urls).toEqual([undefined, undefined, undefined]);
      else for (const url of urls) expect(url).toMatch(/^https:\/\/.+\/slack\/events$/);
      // Slack refuses a long description under 175 characters.
      expect(manifest.display_information.long_description?.length ?? 175).toBeGreaterThanOrEqual(175);
    });
  }
});
