import { createInterface } from 'node:readline';
import type { Core } from '../../src/core.ts';
import type { Locale } from '../../src/messages/model.ts';
import type { RequestContext, Respond } from '../../src/domain/identity.ts';
import { handleCommand, handlePress } from '../../src/commands/dispatch.ts';
import type { Outcome } from '../../src/commands/outcome.ts';
import { refreshOperationMessages } from '../../src/operations/notifier.ts';
import { isAdmin } from '../../src/domain/roles.ts';
import { translator } from '../../src/messages/i18n.ts';
import type { ShellChatPort } from './shell-chat-port.ts';

export interface ShellOptions {
  readonly user: string;
  readonly locale: Locale;
  readonly channel: string;
  readonly interactive: boolean;
  readonly workerInProcess: boolean;
  readonly input: NodeJS.ReadableStream;
  readonly say: (line: string) => void;
}

const settledPollMs = 200;

/**
 * Waits until every operation is final or waiting for a press (approval).
 * When the worker runs in another process (`--no-worker`), it cannot reach
 * this terminal: the terminal re-renders the operation's message itself
 * whenever its state changes in the state database.
 */
async function waitSettled(core: Core, operationIds: readonly string[], workerInProcess: boolean): Promise<void> {
  for (const id of operationIds) {
    let seen = '';
    for (;;) {
      const op = await core.store.operations.get(id);
      const state = `${op?.status}|${op?.updatedAt.getTime()}`;
      if (!workerInProcess && op && state !== seen) await refreshOperationMessages(core, id);
      seen = state;
      if (!op || !['queued', 'running'].includes(op.status)) break;
      await new Promise((resolve) => setTimeout(resolve, settledPollMs));
    }
  }
}

/**
 * Whether the terminal's user (the one it was started as, not the one it acts
 * as) may act as another: an admin, or anyone when the config allows it.
 */
function mayImpersonate(core: Core, sessionUser: string): boolean {
  return core.config.shell.impersonation || isAdmin(core.config, { platform: 'shell', id: sessionUser });
}

/**
 * The terminal adapter's loop: `/migrate ...` commands, `/as NAME` to act as
 * another user (see mayImpersonate), a number to press a button. Not on a terminal, it reads line
 * by line and waits for what each line started before the next one.
 */
export async function runShellSession(core: Core, port: ShellChatPort, options: ShellOptions): Promise<void> {
  let user = options.user;
  const lines = createInterface({ input: options.input, terminal: false });
  const context = (): RequestContext => {
    const asker = user;
    // The terminal's request is the line just typed: its answers are printed right after it.
    const respond: Respond = async (message, { ephemeral }) => {
      await port.post({ platform: 'shell', channelId: options.channel, ...(ephemeral ? { ephemeralTo: asker } : {}) }, message);
    };
    return { user: { platform: 'shell', id: asker, name: asker }, channelId: options.channel, locale: options.locale, respond };
  };
  let prompted = false;
  const prompt = () => {
    if (options.interactive && !prompted) process.stdout.write(`${user}> `);
    prompted = true;
  };
  // Messages arrive while the user types (progress, notifications): re-draw the prompt after each.
  if (options.interactive) {
    port.afterPrint = () => {
      prompted = false;
      prompt();
    };
  }
  const say = (line: string) => {
    prompted = false;
    options.say(line);
  };
  let awaitingInput: string | undefined;
  prompt();
  for await (const raw of lines) {
    prompted = false;
    const line = raw.trim();
    let outcome: Outcome = { operations: [] };
    if (awaitingInput !== undefined) {
      outcome = await handlePress(core, context(), awaitingInput, line);
      awaitingInput = undefined;
    } else if (line === '' || line.startsWith('#')) {
      // blank lines and comments let scripts breathe
    } else if (line.startsWith('/as')) {
      const name = line.slice(3).trim();
      if (!mayImpersonate(core, options.user)) say(translator(options.locale)('impersonation-refused'));
      else if (/^[\w.-]{1,64}$/.test(name)) {
        user = name;
        say(`now acting as ${user}`);
      } else say('usage: /as NAME (letters, digits, dot, dash, underscore)');
    } else if (/^\d+$/.test(line)) {
      const button = port.button(Number(line));
      if (!button) say(`no button [${line}] on the latest message; type /migrate help`);
      else if (button.input) {
        awaitingInput = button.actionId;
        say('type the account name to confirm:');
      } else outcome = await handlePress(core, context(), button.actionId);
    } else if (line === '/quit' || line === '/exit') {
      break;
    } else {
      outcome = await handleCommand(core, context(), line.startsWith('/migrate') || !line.startsWith('/') ? line : `/migrate ${line.slice(1)}`);
    }
    if (outcome.replace) await port.post({ platform: 'shell', channelId: options.channel, ephemeralTo: user }, outcome.replace);
    if (!options.interactive) await waitSettled(core, outcome.operations, options.workerInProcess);
    prompt();
  }
}
