/**
 * The interactions whose tokens the bot may still use (Discord: 15 minutes
 * from the interaction), found by the user and channel they came from or
 * by the operations they started: a message for one user goes there first.
 * Expired entries are swept as new ones come, so the maps stay small.
 */
import type { DirectRecipient } from '../../src/ports.ts';
import type { InteractionBase } from './interaction.ts';

export interface LiveInteraction {
  readonly interaction: InteractionBase;
  until: number;
  /** The deferred first answer ("thinking...") is still to be filled: the next message for the user goes there. */
  originalFree: boolean;
}

export class LiveInteractions {
  private readonly byUser = new Map<string, LiveInteraction>();
  private readonly byOperation = new Map<string, LiveInteraction>();

  constructor(private readonly lifetimeMs: number, private readonly now: () => number = Date.now) {}

  open(interaction: InteractionBase, originalFree: boolean): LiveInteraction {
    this.sweep();
    const live: LiveInteraction = { interaction, until: this.now() + this.lifetimeMs, originalFree };
    this.byUser.set(key(interaction.channelId, interaction.user.id), live);
    return live;
  }

  /** The operations a request started or moved on: a later `direct` about them answers in that request. */
  started(live: LiveInteraction, operationIds: readonly string[]): void {
    for (const id of operationIds) this.byOperation.set(id, live);
  }

  alive(live: LiveInteraction): boolean {
    return live.until > this.now();
  }

  expire(live: LiveInteraction): void {
    live.until = 0;
  }

  forUser(channelId: string, userId: string): LiveInteraction | undefined {
    const live = this.byUser.get(key(channelId, userId));
    return live && this.alive(live) ? live : undefined;
  }

  /** The request of that operation if it was this user's and lives, else their latest one in that channel. */
  forRecipient(to: DirectRecipient): LiveInteraction | undefined {
    const byOperation = to.operationId === undefined ? undefined : this.byOperation.get(to.operationId);
    if (byOperation && byOperation.interaction.user.id === to.userId && this.alive(byOperation)) return byOperation;
    return to.channelId === undefined ? undefined : this.forUser(to.channelId, to.userId);
  }

  private sweep(): void {
    for (const map of [this.byUser, this.byOperation]) {
      for (const [k, live] of map) if (!this.alive(live)) map.delete(k);
    }
  }
}

function key(channelId: string, userId: string): string {
  return `${channelId}:${userId}`;
}
