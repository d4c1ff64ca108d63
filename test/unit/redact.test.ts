import { describe, expect, it } from 'vitest';
import { redactSecrets } from '../../src/domain/redact.ts';
import { differenceExcerpts } from '../../src/drivers/mariadb/verify/compare-definitions.ts';

const HASH = '*2470C0C06DEE42FD1618BB99005ADCA2EC9D1E19';
const ED25519 = 'ZIgUREUg5PVgQ6LskhXmO+eZLS0nC8be6HPjYWR4YJY';

describe('redactSecrets', () => {
  it('hides the hash of IDENTIFIED BY PASSWORD as SHOW CREATE USER and SHOW GRANTS print it, and nothing else', () => {
    expect(redactSecrets(`CREATE USER \`app\`@\`%\` IDENTIFIED BY PASSWORD '${HASH}' REQUIRE SUBJECT '/CN=app' PASSWORD EXPIRE INTERVAL 30 DAY`))
      .toBe("CREATE USER `app`@`%` IDENTIFIED BY PASSWORD '***' REQUIRE SUBJECT '/CN=app' PASSWORD EXPIRE INTERVAL 30 DAY");
    expect(redactSecrets(`GRANT USAGE ON *.* TO \`app\`@\`%\` IDENTIFIED BY PASSWORD '${HASH}'`))
      .toBe("GRANT USAGE ON *.* TO `app`@`%` IDENTIFIED BY PASSWORD '***'");
  });

  it('hides every OR-ed method\'s authentication string: VIA ... USING, AS, and USING PASSWORD(...)', () => {
    expect(redactSecrets(`CREATE USER \`a\`@\`%\` IDENTIFIED VIA ed25519 USING '${ED25519}' OR mysql_native_password USING '${HASH}' OR unix_socket`))
      .toBe("CREATE USER `a`@`%` IDENTIFIED VIA ed25519 USING '***' OR mysql_native_password USING '***' OR unix_socket");
    expect(redactSecrets(`ALTER USER a IDENTIFIED WITH mysql_native_password AS '${HASH}'`)).toBe("ALTER USER a IDENTIFIED WITH mysql_native_password AS '***'");
    expect(redactSecrets("CREATE USER a IDENTIFIED VIA ed25519 USING PASSWORD('clear text')")).toBe("CREATE USER a IDENTIFIED VIA ed25519 USING PASSWORD('***')");
    expect(redactSecrets("CREATE USER a IDENTIFIED BY 'it''s \\' secret' ACCOUNT LOCK")).toBe("CREATE USER a IDENTIFIED BY '***' ACCOUNT LOCK");
  });

  it('hides a secret cut short at the end of a truncated text, a bare hash, PASSWORD() arguments, config passwords, URLs and tokens', () => {
    expect(redactSecrets("CREATE USER a IDENTIFIED BY PASSWORD '*2470C0C06DEE4")).toBe("CREATE USER a IDENTIFIED BY PASSWORD '***'");
    expect(redactSecrets(`syntax error near '${HASH}' at line 1`)).toBe("syntax error near '****' at line 1");
    expect(redactSecrets("SET PASSWORD FOR a = PASSWORD('clear text')")).toBe("SET PASSWORD FOR a = PASSWORD('***')");
    expect(redactSecrets('{"password": "hunter2", "user": "x"}')).toBe('{"password": "***", "user": "x"}');
    expect(redactSecrets('mysql://app:s3cr3t@db:3306/x')).toBe('mysql://app:***@db:3306/x');
    expect(redactSecrets('token xoxb-123-abc')).toBe('token x***');
  });

  it('leaves statements without credentials as they are', () => {
    for (const text of ["GRANT SELECT ON `d`.* TO 'u'@'%'", 'SELECT 1 AS `by`', "CREATE USER `u`@`%` PASSWORD EXPIRE NEVER ACCOUNT LOCK"]) {
      expect(redactSecrets(text)).toBe(text);
    }
  });
});

describe('definition excerpts', () => {
  it('show neither hash when two user definitions differ only in it, nor part of one cut at the excerpt\'s start', () => {
    const other = '*0000000000000000000000000000000000000000';
    const shown = differenceExcerpts(`CREATE USER \`u\`@\`%\` IDENTIFIED BY PASSWORD '${HASH}'`, `CREATE USER \`u\`@\`%\` IDENTIFIED BY PASSWORD '${other}'`);
    expect(shown.source).toBe(shown.target);
    expect(JSON.stringify(shown)).not.toMatch(/[0-9A-F]{12}/);
    const long = `CREATE USER \`${'u'.repeat(60)}\`@\`%\` IDENTIFIED BY PASSWORD '${HASH}' ACCOUNT LOCK`;
    const cut = differenceExcerpts(long, long.replace('ACCOUNT LOCK', 'ACCOUNT UNLOCK'));
    expect(cut.source).toContain("PASSWORD '***' ACCOUNT LOCK");
    expect(cut.target).toContain('ACCOUNT UNLOCK');
    expect(JSON.stringify(cut)).not.toContain('2470C0C06DEE');
  });
});
