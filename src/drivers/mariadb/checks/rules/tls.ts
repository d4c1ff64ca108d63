/**
 * TLS since 11.4 (zero-configuration SSL): the server makes itself a
 * certificate when none is configured, and the 11.4+ clients (mariadb,
 * mariadb-dump, Connector/C 3.4) require TLS and verify the server,
 * through the password when the certificate is self-made. Measured with the
 * 11.8.9 client: against 10.11 without TLS, a login with a password fails
 * with error 2026; against 11.8 a password login is verified; REQUIRE X509
 * fails when the target has no CA (ssl_ca) to check client certificates.
 */
import type { Rule } from '../rule.ts';
import { userLogins } from '../read.ts';

/** Authentication plugins that let a client verify a self-made certificate (MDEV-31855); unix_socket never goes over TCP. */
const VERIFIABLE = new Set(['mysql_native_password', 'ed25519', 'parsec', 'unix_socket']);

/** The target offers no TLS at all: 11.4+ clients with a password refuse to connect. */
export const tlsRequired: Rule = {
  id: 'tls-required',
  severity: 'warning',
  since: '11.4',
  docs: 'https://mariadb.com/kb/en/securing-connections-for-client-and-server',
  text: {
    en: {
      title: 'The target server offers no TLS, which the new clients require',
      explanation: 'From MariaDB 11.4 the mariadb command-line client, mariadb-dump and Connector/C 3.4 (PHP, Python and other drivers built on it) use TLS by default and verify the server. The target has TLS turned off (have_ssl is not YES), so these clients, logging in with a password, stop with "SSL is required, but the server does not support it" (error 2026). Older clients still connect without TLS.',
      fix: 'Enable TLS on the target (ssl_cert and ssl_key, or let 11.4+ generate its certificate by not using skip-ssl), or make the clients connect with --skip-ssl / ssl=0 until it is.',
    },
    fr: {
      title: 'Le serveur cible n\'offre pas TLS, que les nouveaux clients exigent',
      explanation: 'Depuis MariaDB 11.4, le client en ligne de commande mariadb, mariadb-dump et Connector/C 3.4 (les pilotes PHP, Python et autres qui s\'appuient dessus) utilisent TLS par défaut et vérifient le serveur. TLS est désactivé sur la cible (have_ssl ne vaut pas YES) : ces clients, connectés avec un mot de passe, s\'arrêtent sur « SSL is required, but the server does not support it » (erreur 2026). Les anciens clients se connectent toujours sans TLS.',
      fix: 'Activez TLS sur la cible (ssl_cert et ssl_key, ou laissez 11.4+ générer son certificat en n\'utilisant pas skip-ssl), ou faites connecter les clients avec --skip-ssl / ssl=0 en attendant.',
    },
  },
  async run(ctx) {
    if (!ctx.target) return [];
    const ssl = (await ctx.variable('target', 'have_ssl'))?.toUpperCase();
    if (ssl === undefined || ssl === 'YES') return [];
    const logins = await userLogins(ctx);
    // With the account's users known, only their password logins are refused (a passwordless login skips verification).
    const withPassword = logins.filter((u) => u.hasPassword);
    if (logins.length > 0 && withPassword.length === 0) return [];
    return [{ object: 'have_ssl', detail: `target=${ssl}${logins.length > 0 ? ` users_with_password=${withPassword.length}` : ''}` }];
  },
};

/** Users whose REQUIRE clause the target cannot satisfy: they cannot log in at all after the cutover. */
export const tlsRequiredUsers: Rule = {
  id: 'tls-required-users',
  severity: 'blocker',
  docs: 'https://mariadb.com/kb/en/securing-connections-for-client-and-server',
  text: {
    en: {
      title: 'Users that require TLS or a client certificate the target cannot check',
      explanation: 'These users were created with REQUIRE SSL, X509, ISSUER or SUBJECT. A user that requires TLS cannot log in to a server without TLS; a user that requires a client certificate cannot log in to a server that has no certificate authority (ssl_ca or ssl_capath) to verify it, which is the case of a server running on the certificate 11.4+ generates for itself (the connection is dropped during authentication).',
      fix: 'Configure TLS on the target with the certificate authority that signed the clients\' certificates (ssl_ca), or change these users\' REQUIRE clause (ALTER USER ... REQUIRE SSL or REQUIRE NONE) before the migration.',
    },
    fr: {
      title: 'Utilisateurs qui exigent TLS ou un certificat client que la cible ne peut pas vérifier',
      explanation: 'Ces utilisateurs ont été créés avec REQUIRE SSL, X509, ISSUER ou SUBJECT. Un utilisateur qui exige TLS ne peut pas se connecter à un serveur sans TLS ; un utilisateur qui exige un certificat client ne peut pas se connecter à un serveur sans autorité de certification (ssl_ca ou ssl_capath) pour le vérifier, ce qui est le cas d\'un serveur qui tourne avec le certificat que 11.4+ génère lui-même (la connexion est coupée pendant l\'authentification).',
      fix: 'Configurez TLS sur la cible avec l\'autorité de certification qui a signé les certificats des clients (ssl_ca), ou changez la clause REQUIRE de ces utilisateurs (ALTER USER ... REQUIRE SSL ou REQUIRE NONE) avant la migration.',
    },
  },
  async run(ctx) {
    if (!ctx.target) return [];
    const requiring = (await userLogins(ctx)).filter((u) => u.sslType !== '');
    if (requiring.length === 0) return [];
    const ssl = (await ctx.variable('target', 'have_ssl'))?.toUpperCase() ?? 'ABSENT';
    const hasCa = Boolean(await ctx.variable('target', 'ssl_ca')) || Boolean(await ctx.variable('target', 'ssl_capath'));
    return requiring.flatMap((u) => {
      const problem = ssl !== 'YES' ? `target_have_ssl=${ssl}` : u.needsClientCertificate && !hasCa ? 'target_ssl_ca=none' : null;
      return problem ? [{ object: `${u.user}@${u.host}`, detail: `require=${u.sslType} ${problem}` }] : [];
    });
  },
};

/** Users whose plugin cannot verify the target's self-made certificate: 11.4+ clients abort their TCP logins. */
export const tlsAuthPlugins: Rule = {
  id: 'tls-auth-plugins',
  severity: 'warning',
  since: '11.4',
  docs: 'https://mariadb.com/docs/server/security/encryption/data-in-transit-encryption/zero-configuration-ssl',
  text: {
    en: {
      title: 'Users whose authentication cannot verify the target\'s self-generated certificate',
      explanation: 'The target runs on the certificate MariaDB 11.4+ generates when none is configured. The 11.4+ clients trust such a certificate only through the password exchange of mysql_native_password, ed25519 or parsec. These users log in with another plugin (PAM, GSSAPI, old passwords...), so over TCP those clients abort the connection unless told not to verify the server.',
      fix: 'Give the target a certificate signed by an authority the clients know (ssl_cert, ssl_key, and --ssl-ca on the clients), or move these users to ed25519 or mysql_native_password, or connect with --disable-ssl-verify-server-cert.',
    },
    fr: {
      title: 'Utilisateurs dont l\'authentification ne peut pas vérifier le certificat auto-généré de la cible',
      explanation: 'La cible tourne avec le certificat que MariaDB 11.4+ génère quand aucun n\'est configuré. Les clients 11.4+ ne font confiance à un tel certificat qu\'à travers l\'échange de mot de passe de mysql_native_password, ed25519 ou parsec. Ces utilisateurs se connectent avec un autre plugin (PAM, GSSAPI, anciens mots de passe...) : en TCP, ces clients coupent la connexion sauf si on leur demande de ne pas vérifier le serveur.',
      fix: 'Donnez à la cible un certificat signé par une autorité que les clients connaissent (ssl_cert, ssl_key, et --ssl-ca côté clients), ou passez ces utilisateurs en ed25519 ou mysql_native_password, ou connectez-vous avec --disable-ssl-verify-server-cert.',
    },
  },
  async run(ctx) {
    if (!ctx.target) return [];
    const ssl = (await ctx.variable('target', 'have_ssl'))?.toUpperCase();
    const generated = ssl === 'YES' && !(await ctx.variable('target', 'ssl_cert'));
    if (!generated) return [];
    return (await userLogins(ctx)).filter((u) => !VERIFIABLE.has(u.plugin))
      .map((u) => ({ object: `${u.user}@${u.host}`, detail: `plugin=${u.plugin} target_certificate=generated` }));
  },
};
