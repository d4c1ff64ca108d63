import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ShellChatPort } from '../../adapters/shell/shell-chat-port.ts';
import { plainStyle } from '../../adapters/shell/render-text.ts';
import { runShellSession } from '../../adapters/shell/shell-session.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { demoConfigPath } from '../helpers/isolated-env.ts';
import { openTestCore, type TestCore } from '../helpers/test-core.ts';

let core: TestCore;

beforeAll(async () => {
  core = await openTestCore('impersonation');
});
afterAll(async () => {
  await core?.dispose();
});

/** Runs the terminal session on `input` as `user`; returns its notices and who each answer went to. */
async function session(user: string, input: string): Promise<{ notices: string[]; answeredTo: (string | undefined)[] }> {
  const notices: string[] = [];
  const answeredTo: (string | undefined)[] = [];
  const port = new ShellChatPort({ write: (line) => void answeredTo.push((JSON.parse(line) as { to?: string }).to) }, true, plainStyle);
  await runShellSession(core.core, port, {
    user, locale: 'en', channel: 'terminal', interactive: false, workerInProcess: false,
    input: Readable.from([input]), say: (line) => void notices.push(line),
  });
  return { notices, answeredTo };
}

describe('/as in the terminal', () => {
  it('is refused to a non-admin when the config does not allow impersonation', async () => {
    core.core.config.shell.impersonation = false;
    const { notices, answeredTo } = await session('alice', '/as bob\n/migrate help\n');
    expect(notices).toEqual(['Acting as another user (`/as`) is for admins here: it would let one person confirm and approve a run alone. An admin may allow it with `shell: { impersonation: true }` in the config.']);
    expect(answeredTo).toEqual(['alice']);
  });

  it('lets an admin act as another user, and come back, without impersonation', async () => {
    core.core.config.shell.impersonation = false;
    const { notices, answeredTo } = await session('root', '/as bob\n/migrate help\n/as root\n/migrate help\n');
    expect(notices).toEqual(['now acting as bob', 'now acting as root']);
    expect(answeredTo).toEqual(['bob', 'root']);
  });

  it('lets anyone act as another user in the demo, whose config allows it', async () => {
    core.core.config.shell.impersonation = (await loadConfig(demoConfigPath, core.env)).shell.impersonation;
    const { notices, answeredTo } = await session('alice', '/as bob\n/migrate help\n');
    expect(notices).toEqual(['now acting as bob']);
    expect(answeredTo).toEqual(['bob']);
  });
});
