/**
 * The ChatPort contract (src/ports.ts), as one suite every implementation
 * runs: the terminal and Slack here, Discord in its own adapter's tests.
 * Each implementation gives a subject: its port wired to its platform (a
 * fake peer at the transport) and a way to read what each reader sees.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChatPort } from '../../src/ports.ts';
import type { Message, MessageHandle } from '../../src/messages/model.ts';

export interface ContractSubject {
  readonly port: ChatPort;
  /** A channel the port may post in. */
  readonly channel: string;
  /** Two users of the platform; the first is the one messages are for. */
  readonly users: readonly [string, string];
  /** The texts of the channel's messages, oldest first, as updates left them. */
  channelTexts(): string[];
  /** The texts only `userId` can read (ephemeral answers, direct messages), oldest first. */
  privateTexts(userId: string): string[];
  /** The platform answers the next channel post with a rate limit of `seconds`; absent when it has none. */
  readonly rateLimitNextPost?: (seconds: number) => void;
  /** The platform forgets a message it holds (someone deleted it); absent when nothing can delete one. */
  readonly forget?: (handle: MessageHandle) => void;
  dispose(): Promise<void>;
}

const message = (text: string): Message => ({ text, blocks: [{ type: 'section', text }] });

/** Runs the contract against the subjects `open` makes, a fresh one per test. */
export function chatPortContract(name: string, open: () => Promise<ContractSubject>): void {
  describe(`ChatPort contract: ${name}`, () => {
    let subject: ContractSubject;
    beforeEach(async () => {
      subject = await open();
    });
    afterEach(async () => {
      await subject.dispose();
    });

    it('posts channel messages in the order they were sent, also when the platform rate-limits the first', async () => {
      subject.rateLimitNextPost?.(1);
      const channelId = subject.channel;
      const platform = subject.port.platform;
      // Sent without waiting for each other, as a worker's progress and a team notification are.
      const handles = await Promise.all(['first', 'second', 'third'].map((text) => subject.port.post({ platform, channelId }, message(text))));
      for (const handle of handles) {
        expect(handle?.platform).toBe(platform);
        expect(handle?.messageId).toBeTruthy();
      }
      expect(subject.channelTexts()).toEqual(['first', 'second', 'third']);
    }, 30_000);

    it('updates a posted message in place', async () => {
      const handle = await subject.port.post({ platform: subject.port.platform, channelId: subject.channel }, message('queued'));
      expect(handle).not.toBeNull();
      await subject.port.update(handle!, message('running'));
      expect(subject.channelTexts()).toEqual(['running']);
    });

    it('treats an update of a handle the platform does not know as a no-op', async () => {
      const platform = subject.port.platform;
      const kept = await subject.port.post({ platform, channelId: subject.channel }, message('kept'));
      await expect(subject.port.update({ platform, channelId: subject.channel, messageId: 'never-issued' }, message('ghost'))).resolves.toBeUndefined();
      if (subject.forget) {
        const gone = await subject.port.post({ platform, channelId: subject.channel }, message('deleted'));
        subject.forget(gone!);
        await expect(subject.port.update(gone!, message('ghost'))).resolves.toBeUndefined();
      }
      expect(kept).not.toBeNull();
      expect(subject.channelTexts()).toEqual(['kept']);
    });

    it('returns no handle for an ephemeral post, which only its user reads', async () => {
      const [alice, bob] = subject.users;
      const handle = await subject.port.post({ platform: subject.port.platform, channelId: subject.channel, ephemeralTo: alice }, message('for alice'));
      expect(handle).toBeNull();
      expect(subject.privateTexts(alice)).toEqual(['for alice']);
      expect(subject.privateTexts(bob)).toEqual([]);
      expect(subject.channelTexts()).toEqual([]);
    });

    it('delivers `direct` to that user alone, never in a channel, with or without the request channel', async () => {
      const [alice, bob] = subject.users;
      const platform = subject.port.platform;
      await subject.port.direct({ platform, userId: alice, channelId: subject.channel, operationId: 'test-contract1' }, message('password for alice'));
      await subject.port.direct({ platform, userId: alice }, message('later, for alice'));
      expect(subject.privateTexts(alice)).toEqual(['password for alice', 'later, for alice']);
      expect(subject.privateTexts(bob)).toEqual([]);
      expect(subject.channelTexts()).toEqual([]);
    });
  });
}
