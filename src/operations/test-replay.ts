import type { AccountConfig, MigrationConfig } from '../config/schema.ts';
import type { DatabaseDriver, Endpoint } from '../drivers/driver.ts';
import type { CopyReport, ReplayOutcome } from '../drivers/reports.ts';
import { OperationCancelled } from '../errors.ts';
import type { OperationContext } from './context.ts';
import { replaySettings } from './replay-settings.ts';
import { testSteps } from './steps/declarations.ts';

/**
 * The replay step of a test import: once the copy is verified, the
 * account's read queries run on its server and on the temporary server.
 * Its findings inform, they do not fail the test (the copy is verified; a
 * plan or a result that changes with the version is for people to judge),
 * and a replay that breaks is reported as such rather than failing a test
 * whose copy is good.
 */
export function replayStep(
  ctx: OperationContext, driver: DatabaseDriver, copy: CopyReport,
  sides: { source: Endpoint; target: Endpoint }, config: { account: AccountConfig; migration: MigrationConfig },
): Promise<ReplayOutcome> {
  const settings = replaySettings(config.account, config.migration);
  return ctx.step(testSteps.replay, async (): Promise<ReplayOutcome> => {
    if (!settings.enabled) return { skipped: 'disabled' };
    // Results of a copy that differs would differ for that reason alone.
    if (!copy.ok) return { skipped: 'copy-differs' };
    try {
      return await driver.replayQueries({
        ...sides, databases: config.account.databases, maxQueries: settings.maxQueries, budgetMs: settings.budgetMs,
        runs: settings.runs, slowRatio: settings.slowRatio, signal: ctx.signal,
        ...(settings.queryLog !== undefined ? { queryLog: settings.queryLog } : {}),
        onQuery: (done, total) => ctx.progress({ step: testSteps.replay.name, note: `${done}/${total}` }),
      });
    } catch (error) {
      if (error instanceof OperationCancelled || ctx.signal.aborted) throw error;
      const message = error instanceof Error ? error.message : String(error);
      ctx.core.logger.warn({ operationId: ctx.op.id, err: message }, 'query replay failed');
      return { skipped: 'failed', message: message.slice(0, 300) };
    }
  });
}
