import type { Config } from './config/schema.ts';
import type { Clock, Logger, QueuePort } from './ports.ts';
import type { StateStore } from './state/state-store.ts';
import type { ChatRouter } from './chat-router.ts';
import type { Engine } from './drivers/engine.ts';

/**
 * Everything a use case needs, wired once by the composition root
 * (adapters/main.ts or adapters/worker-main.ts). One use case, several entry
 * points: chat adapters and job processors call the same functions with it.
 */
export interface Core {
  readonly config: Config;
  readonly store: StateStore;
  readonly chat: ChatRouter;
  readonly queue: QueuePort;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly engine: Engine;
}
