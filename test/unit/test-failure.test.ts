import { describe, expect, it } from 'vitest';
import { testFailure } from '../../src/operations/test-checks.ts';
import type { PostImportReport } from '../../src/drivers/reports.ts';

const checked = { tables: 3, views: 1, routines: 0, triggers: 0, events: 0 };
const clean: PostImportReport = { checked, failures: [], durationMs: 5 };
const refused: PostImportReport = {
  checked, durationMs: 5,
  failures: [{ database: 'shop', object: 'v', kind: 'view', check: 'read', message: 'invalid', details: { errno: 1356, sqlState: 'HY000' } }],
};

describe('what fails a test that ran to its end', () => {
  it('passes a verified copy the new version accepts', () => {
    expect(testFailure({ ok: true, failures: [] }, clean)).toBeUndefined();
  });

  it('fails at verify for the copy, first, and at post-import for objects the new version refuses', () => {
    expect(testFailure({ ok: false, failures: [{}, {}] }, refused)).toEqual({ reason: '2 objects failed', step: 'verify', fact: { key: 'op.failed-objects', params: { count: 2 } } });
    expect(testFailure({ ok: false, failures: [] }, clean)).toEqual({ reason: 'verification found differences', step: 'verify', fact: { key: 'op.failed-differences' } });
    expect(testFailure({ ok: true, failures: [] }, refused)).toEqual({ reason: '1 objects failed the post-import checks', step: 'post-import', fact: { key: 'op.failed-post-import', params: { count: 1 } } });
  });
});
