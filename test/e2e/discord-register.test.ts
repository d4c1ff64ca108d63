/** `npm run discord:register` against the fake Discord: a bulk overwrite, guild or global, with French localizations. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord, discordIds } from '../helpers/fake-discord.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const fake = new FakeDiscord();
beforeAll(() => fake.start());
afterAll(() => fake.stop());

/** Runs the script without blocking this process's event loop: the fake answering it lives here. */
function register(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn('node_modules/.bin/tsx', ['scripts/register-discord-commands.ts', ...args], {
    cwd: root,
    env: { ...process.env, DISCORD_TOKEN: 'register-token', DISCORD_APPLICATION_ID: discordIds.application, DISCORD_API_URL: fake.apiUrl, DISCORD_GUILD_ID: '' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once('exit', (status) => resolve({ status, stdout, stderr })));
}

type Definition = { name: string; name_localizations: { fr: string }; description_localizations: { fr: string }; options: { name: string; name_localizations: { fr: string }; options: { name: string; autocomplete: boolean; required: boolean; max_length: number }[] }[] };

describe('npm run discord:register', () => {
  it('overwrites the guild commands with /migrate, its subcommands, autocomplete options and French texts', async () => {
    const run = await register(['--guild', discordIds.guild]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain(`registered /migrate in guild ${discordIds.guild}`);
    const [put] = fake.callsOf('PUT /applications/:id/guilds/:id/commands');
    expect(put?.path).toBe(`/api/v10/applications/${discordIds.application}/guilds/${discordIds.guild}/commands`);
    expect(put?.authorization).toBe('Bot register-token');
    const [migrate] = put!.body as unknown as Definition[];
    expect(migrate?.name).toBe('migrate');
    expect(migrate?.name_localizations.fr).toBe('migrer');
    expect(migrate?.description_localizations.fr).toContain('Migrer les bases');
    expect(migrate?.options.map((o) => o.name)).toEqual(['help', 'list', 'status', 'check', 'test', 'run', 'rollback', 'cancel']);
    for (const name of ['test', 'check']) {
      const sub = migrate?.options.find((o) => o.name === name);
      expect(sub?.options).toMatchObject([{ name: 'migration', required: true, autocomplete: true }, { name: 'account', required: false, autocomplete: true }]);
    }
    expect(migrate?.options.find((o) => o.name === 'check')?.name_localizations.fr).toBe('verifier');
    // An admin's reason to run despite the check policy: free text, as long as the text command allows, nothing to complete.
    expect(migrate?.options.find((o) => o.name === 'run')?.options[2]).toMatchObject({ name: 'override-check', required: false, autocomplete: false, max_length: 200 });
  });

  it('registers globally without a guild', async () => {
    const run = await register([]);
    expect(run.status, run.stderr).toBe(0);
    expect(fake.callsOf('PUT /applications/:id/commands')).toHaveLength(1);
  });

  it('refuses a guild that is not an id', async () => {
    const run = await register(['--guild', 'my-server']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--guild takes a server id');
  });
});
