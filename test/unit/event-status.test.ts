import { describe, expect, it } from 'vitest';
import { disabledEvent } from '../../src/drivers/mariadb/copier/event-status.ts';
import { normalized } from '../../src/drivers/mariadb/verify/normalize.ts';

// Statements as SHOW CREATE EVENT prints them on 10.11 and 11.8.
const shown = (status: string, rest = "DO INSERT INTO t VALUES ('ENABLE')") =>
  `CREATE DEFINER=\`app\`@\`%\` EVENT \`e\` ON SCHEDULE EVERY 1 SECOND STARTS '2026-12-01 11:54:40' ON COMPLETION NOT PRESERVE ${status} ${rest}`;

describe('events are copied DISABLED', () => {
  it('turns ENABLE into DISABLE, and leaves DISABLE and DISABLE ON SLAVE (which fires nowhere either) as they are', () => {
    expect(disabledEvent(shown('ENABLE'))).toBe(shown('DISABLE'));
    expect(disabledEvent(shown('DISABLE ON SLAVE'))).toBe(shown('DISABLE ON SLAVE'));
    expect(disabledEvent(shown('DISABLE'))).toBe(shown('DISABLE'));
  });

  it('never reads the status in a name, a comment, a string, a parenthesis or the body', () => {
    const tricky = "CREATE DEFINER=`ENABLE`@`%` EVENT `ON COMPLETION PRESERVE ENABLE` ON SCHEDULE AT ('2030-01-01' + INTERVAL 1 DAY) "
      + "ON COMPLETION PRESERVE ENABLE COMMENT 'ENABLE DO' DO BEGIN ALTER EVENT x ENABLE; END";
    expect(disabledEvent(tricky)).toBe(tricky.replace("PRESERVE ENABLE COMMENT", 'PRESERVE DISABLE COMMENT'));
  });

  it('adds DISABLE before DO when the statement has no status, and refuses a statement without DO', () => {
    expect(disabledEvent('CREATE EVENT `e` ON SCHEDULE EVERY 1 DAY DO SELECT 1')).toBe('CREATE EVENT `e` ON SCHEDULE EVERY 1 DAY DISABLE DO SELECT 1');
    expect(() => disabledEvent('CREATE EVENT `e` ON SCHEDULE EVERY 1 DAY')).toThrow('no DO');
  });

  it('compares events whether enabled or disabled (the run sets it), not disabled on replicas', () => {
    expect(normalized(shown('ENABLE'), 'event')).toBe(normalized(shown('DISABLE'), 'event'));
    expect(normalized(shown('ENABLE'), 'event')).not.toBe(normalized(shown('DISABLE ON SLAVE'), 'event'));
    expect(normalized(shown('ENABLE'), 'event')).not.toBe(normalized(shown('ENABLE', 'DO SELECT 2'), 'event'));
  });
});
