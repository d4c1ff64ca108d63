import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tlsAuthPlugins, tlsRequired, tlsRequiredUsers } from '../../../src/drivers/mariadb/checks/rules/tls.ts';
import { HOST_SOURCE, startImageServer, type TestServer } from '../helpers/copier-server.ts';
import { objectsOf, onServer, ruleFixture, runWith, uniqueUser } from './run-checks-with.ts';

// The shared 10.11 has no certificate (have_ssl DISABLED, read only); the
// 11.8 runs on the certificate it generates (have_ssl YES, no ssl_cert, no ssl_ca).
let server: TestServer;

beforeAll(async () => { server = await startImageServer('11.8'); });
afterAll(async () => { await server?.stop(); });

describe('rule tls-required', () => {
  it('reports a target without TLS when the account logs in with passwords, and not a target that has TLS', async () => {
    const fixture = await ruleFixture('tls-required', server.endpoint);
    const bare = uniqueUser('nopw');
    try {
      const found = await runWith([tlsRequired], [fixture.database], { source: server.endpoint, target: HOST_SOURCE, users: fixture.users });
      expect(objectsOf(found)).toEqual([{ object: 'have_ssl', detail: 'target=DISABLED users_with_password=1' }]);
      expect((await runWith([tlsRequired], [fixture.database], { source: server.endpoint, target: server.endpoint, users: fixture.users })).findings)
        .toEqual([]);
      // Passwordless logins skip the verification, so an account of those only is not affected.
      await onServer(server.endpoint, [`CREATE USER '${bare}'@'%'`]);
      const passwordless = await runWith([tlsRequired], [fixture.database], {
        source: server.endpoint, target: HOST_SOURCE, users: [{ user: bare, host: '%' }],
      });
      expect(passwordless.findings).toEqual([]);
      expect((await runWith([tlsRequired], [fixture.database], { source: server.endpoint })).findings).toEqual([]);
    } finally {
      await Promise.all([fixture.drop(), onServer(server.endpoint, [`DROP USER IF EXISTS '${bare}'@'%'`])]);
    }
  });
});

describe('rule tls-required-users', () => {
  it('names a REQUIRE X509 user when the target has no certificate authority, and every REQUIRE user when it has no TLS', async () => {
    const onHost = await ruleFixture('tls-required-users');
    const on118 = await ruleFixture('tls-required-users', server.endpoint);
    try {
      const toGenerated = await runWith([tlsRequiredUsers], [onHost.database], { target: server.endpoint, users: onHost.users });
      expect(toGenerated.findings[0]?.severity).toBe('blocker');
      expect(objectsOf(toGenerated)).toEqual([{ object: `chkb_x509_${onHost.suffix}@%`, detail: 'require=X509 target_ssl_ca=none' }]);
      const toPlain = await runWith([tlsRequiredUsers], [on118.database], { source: server.endpoint, target: HOST_SOURCE, users: on118.users });
      expect(objectsOf(toPlain)).toEqual([
        { object: `chkb_ssl_${on118.suffix}@%`, detail: 'require=ANY target_have_ssl=DISABLED' },
        { object: `chkb_x509_${on118.suffix}@%`, detail: 'require=X509 target_have_ssl=DISABLED' },
      ]);
    } finally {
      await Promise.all([onHost.drop(), on118.drop()]);
    }
  });

  it('finds nothing for users without a REQUIRE clause', async () => {
    const fixture = await ruleFixture('tls-required', server.endpoint);
    try {
      expect((await runWith([tlsRequiredUsers], [fixture.database], { source: server.endpoint, target: HOST_SOURCE, users: fixture.users })).findings)
        .toEqual([]);
    } finally {
      await fixture.drop();
    }
  });
});

describe('rule tls-auth-plugins', () => {
  it('names PAM users against a generated certificate, not password users, and nothing against a server without TLS', async () => {
    const pam = await ruleFixture('tls-auth-plugins', server.endpoint);
    const native = await ruleFixture('tls-required', server.endpoint);
    try {
      const users = [...pam.users, ...native.users];
      const report = await runWith([tlsAuthPlugins], [pam.database], { source: server.endpoint, target: server.endpoint, users });
      expect(objectsOf(report)).toEqual([{ object: `chkb_pam_${pam.suffix}@%`, detail: 'plugin=pam target_certificate=generated' }]);
      expect((await runWith([tlsAuthPlugins], [pam.database], { source: server.endpoint, target: HOST_SOURCE, users })).findings).toEqual([]);
    } finally {
      await Promise.all([pam.drop(), native.drop()]);
    }
  });
});
