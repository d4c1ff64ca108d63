import { loadConfig } from '../../src/config/load-config.ts';
import type { ChatPort, Clock, DirectRecipient } from '../../src/ports.ts';
import type { Destination, Message, MessageHandle } from '../../src/messages/model.ts';
import { openRuntime, makeLogger, type Runtime } from '../../jobs/bootstrap.ts';
import { startWorker, type RunningWorker } from '../../jobs/worker.ts';
import { seedDemoAccounts } from '../../jobs/seed-demo-accounts.ts';
import { cleanupIsolatedEnv, demoConfigPath, isolatedEnv } from './isolated-env.ts';

/** A ChatPort that records what the core sends, as a fake chat platform would. */
export class RecordingChat implements ChatPort {
  readonly platform = 'shell' as const;
  readonly posts: { id: string; destination: Destination; message: Message; at: number }[] = [];
  readonly updates: { id: string; message: Message; at: number }[] = [];

  post(destination: Destination, message: Message): Promise<MessageHandle> {
    const id = `m${this.posts.length + 1}`;
    this.posts.push({ id, destination, message, at: Date.now() });
    return Promise.resolve({ platform: 'shell', channelId: destination.channelId, messageId: id });
  }

  update(handle: MessageHandle, message: Message): Promise<void> {
    this.updates.push({ id: handle.messageId, message, at: Date.now() });
    return Promise.resolve();
  }

  /** Recorded among the posts, as an ephemeral to that user in their request's channel. */
  direct(to: DirectRecipient, message: Message): Promise<void> {
    this.posts.push({ id: `d${this.posts.length + 1}`, destination: { platform: 'shell', channelId: to.channelId ?? '', ephemeralTo: to.userId }, message, at: Date.now() });
    return Promise.resolve();
  }

  texts(): string[] {
    return [...this.posts.map((p) => p.message.text), ...this.updates.map((u) => u.message.text)];
  }
}

export interface TestCore extends Runtime {
  readonly chat: RecordingChat;
  readonly env: ReturnType<typeof isolatedEnv>;
  /** Every log line the core wrote (pino JSON), to check what reaches logs. */
  readonly logs: string[];
  worker?: RunningWorker;
  startWorker(): Promise<RunningWorker>;
  dispose(): Promise<void>;
}

/** The demo config on a state database and Redis prefix of this test's own. */
/** A clock tests can move forward. */
export class TestClock implements Clock {
  private offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
  advance(ms: number): void {
    this.offsetMs += ms;
  }
}

export async function openTestCore(label: string, options: { seed?: boolean; clock?: Clock } = {}): Promise<TestCore> {
  const env = isolatedEnv(label);
  const config = await loadConfig(demoConfigPath, env);
  const logs: string[] = [];
  const logger = makeLogger('info', { write: (line: string) => void logs.push(line) });
  const runtime = await openRuntime(config, { logger, ...(options.clock ? { clock: options.clock } : {}) });
  const chat = new RecordingChat();
  runtime.core.chat.register(chat);
  if (options.seed) await seedDemoAccounts(runtime.core);
  const testCore: TestCore = {
    ...runtime, chat, env, logs,
    async startWorker() {
      testCore.worker = await startWorker(runtime.core, { redisUrl: config.redis.url, prefix: config.redis.prefix });
      return testCore.worker;
    },
    async dispose() {
      await testCore.worker?.close();
      await runtime.close();
      await cleanupIsolatedEnv(env);
    },
  };
  return testCore;
}

/** Polls until `check` returns a value (not undefined), or fails after `ms`. */
export async function eventually<T>(check: () => Promise<T | undefined>, ms = 60_000, what = 'condition'): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
