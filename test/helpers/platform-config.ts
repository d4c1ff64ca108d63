/**
 * What the Slack and Discord end-to-end bots share: a copy of a config
 * where one account is reachable from a platform, and a free local port.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';

/** Platform user ids by shell name (the demo's alice, bob, ...), plus `elodie`, a French-speaking viewer. */
export type PlatformUsers = Readonly<Record<string, { readonly id: string }>> & { readonly elodie: { readonly id: string } };

/**
 * A copy of `base` where `account` gets the platform's team channel, its
 * members their platform ids (by their shell name), a French-speaking
 * viewer and, when given, a policy. Returns the new file's path.
 */
export async function writePlatformConfig(options: {
  readonly dir: string; readonly base: string; readonly accountId: string; readonly policy: object | undefined;
  readonly platform: 'slack' | 'discord'; readonly users: PlatformUsers; readonly teamChannel: string;
}): Promise<string> {
  const { platform, users } = options;
  const config = parse(await readFile(options.base, 'utf8')) as { accounts: { id: string; channels?: Record<string, string[]>; members: Record<string, string>[]; policy?: object }[] };
  const account = config.accounts.find((a) => a.id === options.accountId);
  if (!account) throw new Error(`${options.base} has no account ${options.accountId}`);
  account.channels = { ...account.channels, [platform]: [options.teamChannel] };
  for (const member of account.members) {
    const user = users[member['shell'] ?? ''];
    if (user) member[platform] = user.id;
  }
  account.members.push({ [platform]: users.elodie.id, role: 'viewer' });
  if (options.policy) account.policy = options.policy;
  const file = join(options.dir, `${platform}-e2e.yml`);
  await writeFile(file, stringify(config));
  return file;
}

/** A TCP port free on 127.0.0.1 right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
