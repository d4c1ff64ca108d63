import { isLeaseLost } from '../errors.ts';
import { failureText } from '../messages/operation-view.ts';
import { failureOf } from './failure.ts';
import type { OperationContext } from './context.ts';
import { notifyTeam, refreshOperationMessages } from './notifier.ts';
import type { StepDeclaration } from './steps/step.ts';

/** Failed attempts before the team is told (about 7 s of retries). */
export const ATTENTION_AFTER_ATTEMPTS = 3;
const firstPauseMs = 1_000;
const maxPauseMs = 10_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs what must happen once the cutover is recorded (the unfreeze on the
 * account's new server, its timers) until it succeeds: there is no way
 * back, and an operation that stopped here would leave the account frozen.
 * After ATTENTION_AFTER_ATTEMPTS failures the operation becomes
 * `needs_attention` (not final: the worker keeps retrying, and a worker
 * that takes it over does too) and the team is told what fails and what
 * the bot keeps trying; once an attempt succeeds it is `running` again and
 * the team is told. Only a lost lease stops the retries.
 */
export async function untilDone<T>(ctx: OperationContext, step: StepDeclaration, what: string, server: string, fn: () => Promise<T>): Promise<T> {
  const { core, op } = ctx;
  const writes = core.store.operations.fenced(ctx.fence);
  const texts = { kind: '', account: op.accountId, migration: op.migrationId, step: step.name, what, server };
  for (let attempt = 1; ; attempt++) {
    try {
      await ctx.checkLease();
      const result = await fn();
      if (await writes.transition('running', core.clock.now(), { error: null }, ['needs_attention'])) {
        await notifyTeam(core, op.accountId, (tr) => tr('team.attention-resolved', { ...texts, kind: tr(`kind.${op.kind}`) }));
        await refreshOperationMessages(core, op.id);
      }
      return result;
    } catch (error) {
      if (isLeaseLost(error, ctx.signal)) throw error;
      const failure = failureOf(error, op.locale, step.name);
      core.logger.warn({ err: error, attempt, operationId: op.id, step: step.name }, `${what} failed after the cutover; retrying`);
      if (attempt === ATTENTION_AFTER_ATTEMPTS
        && await writes.transition('needs_attention', core.clock.now(), { error: failure }, ['running'])) {
        await notifyTeam(core, op.accountId, (tr) => tr('team.needs-attention', { ...texts, kind: tr(`kind.${op.kind}`), reason: failureText(tr, failure) }));
        await refreshOperationMessages(core, op.id);
      }
      await sleep(Math.min(firstPauseMs * 2 ** (attempt - 1), maxPauseMs));
    }
  }
}
