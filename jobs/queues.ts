import { Queue } from 'bullmq';
import type { OperationKind } from '../src/messages/model.ts';
import { redisOptions } from './redis-connection.ts';

export const queueNames = { tests: 'tests', runs: 'runs', timers: 'timers' } as const;
export type QueueName = (typeof queueNames)[keyof typeof queueNames];

/** Tests queue apart from runs and rollbacks, so a long test never delays a run. */
export function queueFor(kind: OperationKind): QueueName {
  return kind === 'test' ? queueNames.tests : queueNames.runs;
}

export interface QueueSettings {
  readonly redisUrl: string;
  /** BullMQ key prefix: one per deployment, one per test run. */
  readonly prefix: string;
}

export type Queues = Record<QueueName, Queue>;

export function openQueues(settings: QueueSettings): Queues {
  const connection = redisOptions(settings.redisUrl);
  const make = (name: QueueName) => new Queue(name, { connection, prefix: settings.prefix });
  return { tests: make('tests'), runs: make('runs'), timers: make('timers') };
}

export async function closeQueues(queues: Queues): Promise<void> {
  await Promise.all(Object.values(queues).map((q) => q.close()));
}
