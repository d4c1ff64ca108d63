/**
 * What the end-to-end tests of `/migrate check` on the all-rules account
 * share: its two servers and two accounts (test/integration/helpers/all-rules-account.ts),
 * a config where `all` and `clean` live on the throwaway 10.11 and the
 * migration `m118` targets the throwaway 11.8, members known on the
 * terminal, Slack and Discord, and a state database and Redis prefix of
 * their own. `all` maps one orphan DEFINER to another account that does
 * not exist either: its program is still named, with the mapping.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openAllRulesAccount, type AllRulesAccount } from '../integration/helpers/all-rules-account.ts';
import { discordUsers } from './fake-discord-bot.ts';
import { slackUsers } from './fake-slack-bot.ts';
import { configBase } from './check-env.ts';
import { cleanupIsolatedEnv, isolatedEnv } from './isolated-env.ts';

export interface AllRulesCheckEnv {
  readonly account: AllRulesAccount;
  readonly configPath: string;
  readonly env: ReturnType<typeof isolatedEnv>;
  /** The DEFINER `all` maps and what to. */
  readonly mapped: { readonly from: string; readonly to: string };
  dispose(): Promise<void>;
}

const member = (name: 'alice' | 'bob', role: string) => ({ shell: name, slack: slackUsers[name].id, discord: discordUsers[name].id, role });

export async function openAllRulesCheckEnv(label: string): Promise<AllRulesCheckEnv> {
  const account = await openAllRulesAccount();
  const env = isolatedEnv(label);
  const mapped = { from: `chkb_gone_${account.suffix}@%`, to: `chkb_nowhere_${account.suffix}@%` };
  const members = [member('alice', 'owner'), member('bob', 'operator')];
  const asConfig = (u: { user: string; host: string }) => `${u.user}@${u.host}`;
  const config = {
    ...configBase(env),
    servers: [
      { id: 'src-10.11', ...account.source.endpoint },
      // Not managed by the bot: a check only reads its settings.
      { id: 'target-11.8', ...account.target.endpoint },
    ],
    migrations: [{
      id: 'm118', title: { en: 'MariaDB 10.11 to 11.8', fr: 'MariaDB 10.11 vers 11.8' }, from: ['10.11'], to: '11.8',
      docs: { en: 'https://mariadb.com/kb/en/upgrading/' }, testable: false, target: 'target-11.8',
    }],
    accounts: [
      { id: 'all', server: 'src-10.11', databases: [...account.fixture.databases], users: account.fixture.users.map(asConfig),
        definers: { [mapped.from]: mapped.to }, channels: { shell: ['terminal'] }, members },
      { id: 'clean', server: 'src-10.11', databases: [...account.clean.databases], users: account.clean.users.map(asConfig), members },
    ],
  };
  const dir = await mkdtemp(join(tmpdir(), `migrate-bot-${label}-`));
  const configPath = join(dir, 'config.yml');
  await writeFile(configPath, JSON.stringify(config, null, 2), { mode: 0o600 }); // JSON is YAML; it holds the servers' passwords
  return {
    account, configPath, env, mapped,
    async dispose() {
      await cleanupIsolatedEnv(env).catch(() => undefined);
      await account.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
