import type { Core } from '../core.ts';

/** 24 hours before the deadline: tell the team. Not built yet. */
export async function remindRollbackDeadline(_core: Core, _runId: string): Promise<void> {}
/** At the deadline: close the window. Not built yet. */
export async function closeRollbackWindow(_core: Core, _runId: string): Promise<void> {}
/** After the retention: drop the old copies. Not built yet. */
export async function removeOldCopies(_core: Core, _runId: string): Promise<void> {}
