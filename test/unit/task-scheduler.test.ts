import { describe, expect, it } from 'vitest';
import { TaskScheduler, type TableTask } from '../../src/drivers/mariadb/copier/task-scheduler.ts';
import type { TableInfo } from '../../src/drivers/mariadb/copier/catalog.ts';

const table = (name: string): TableInfo => ({ database: 'shop', name } as TableInfo);
const big = table('event_log');
const mid = table('orders');
const range = (t: TableInfo, i: number, bytes: number): TableTask => ({ table: t, range: { column: 'id', from: String(i), to: String(i + 1) }, bytes });

describe('TaskScheduler', () => {
  it('spreads concurrent workers over tables, largest first, and says when a table is done', () => {
    const tasks = [range(big, 0, 40), range(big, 1, 40), range(big, 2, 40), range(mid, 0, 30), range(mid, 1, 30)];
    const scheduler = new TaskScheduler(tasks);
    const first = scheduler.take();
    const second = scheduler.take();
    expect(first?.table).toBe(big);
    // event_log is being loaded: the next worker gets orders although its ranges are smaller.
    expect(second?.table).toBe(mid);
    // Both tables have a loader: the largest remaining task comes next.
    const third = scheduler.take();
    expect(third).toBe(tasks[1]);
    expect(scheduler.finish(second as TableTask)).toBe(false);
    // orders has no loader now: it is preferred again.
    const fourth = scheduler.take();
    expect(fourth).toBe(tasks[4]);
    expect(scheduler.finish(fourth as TableTask)).toBe(true);
    expect(scheduler.take()).toBe(tasks[2]);
    expect(scheduler.take()).toBeUndefined();
    expect(scheduler.finish(first as TableTask)).toBe(false);
    expect(scheduler.finish(third as TableTask)).toBe(false);
    expect(scheduler.finish(tasks[2] as TableTask)).toBe(true);
  });
});
