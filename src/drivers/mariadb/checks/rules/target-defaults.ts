/** Defaults of the target that change what the account's new objects and connections get. */
import type { AffectedObject } from '../../../reports.ts';
import type { CheckContext } from '../context.ts';
import { bothSides, cell } from '../read.ts';
import type { Rule } from '../rule.ts';
import { describeZone, effectiveZone, zonesDiffer } from '../time-zones.ts';

/**
 * The account's users that can create databases themselves: a global CREATE,
 * or CREATE on a pattern of database names (an unescaped `%`; `_` is a
 * wildcard too, but hosting grants write it in plain names), directly or
 * through a role granted to them. Databases the hosting panel creates get
 * what the panel gives: that is the provider's, not the account's.
 */
async function databaseCreators(ctx: CheckContext): Promise<AffectedObject[]> {
  if (ctx.users.length === 0) return [];
  const pairs = ctx.users.map(() => '(?, ?)').join(',');
  const values = ctx.users.flatMap((u) => [u.user, u.host]);
  const rows = await ctx.source(`
    SELECT a.User AS u, a.Host AS h, a.User AS via, NULL AS db FROM mysql.user a WHERE (a.User, a.Host) IN (${pairs}) AND a.Create_priv = 'Y'
    UNION ALL SELECT d.User, d.Host, d.User, d.Db FROM mysql.db d WHERE (d.User, d.Host) IN (${pairs}) AND d.Create_priv = 'Y'
    UNION ALL SELECT m.User, m.Host, m.Role, NULL FROM mysql.roles_mapping m JOIN mysql.user r ON r.User = m.Role AND r.Host = ''
      WHERE (m.User, m.Host) IN (${pairs}) AND r.Create_priv = 'Y'
    UNION ALL SELECT m.User, m.Host, m.Role, d.Db FROM mysql.roles_mapping m JOIN mysql.db d ON d.User = m.Role AND d.Host = ''
      WHERE (m.User, m.Host) IN (${pairs}) AND d.Create_priv = 'Y'
    ORDER BY 1, 2, 4`, [...values, ...values, ...values, ...values]);
  const seen = new Set<string>();
  return rows.flatMap((r) => {
    const [user, host, via, db] = [cell(r, 'u'), cell(r, 'h'), cell(r, 'via'), cell(r, 'db')];
    const key = `${user}@${host}`;
    // db '' (NULL): the global privilege.
    if ((db !== '' && !/(^|[^\\])%/.test(db)) || seen.has(key)) return [];
    seen.add(key);
    return [{ object: key, detail: `create_database=${db === '' ? '*' : db}${via === user ? '' : ` role=${via}`}` }];
  });
}

/** character_set_server / collation_server: what CREATE DATABASE without a character set gets (latin1 → utf8mb4 upstream in 11.6). */
export const targetCharacterSetServer: Rule = {
  id: 'target-character-set-server',
  severity: 'notice',
  docs: 'https://mariadb.com/docs/server/reference/data-types/string-data-types/character-sets/setting-character-sets-and-collations',
  text: {
    en: {
      title: 'The target\'s default character set or collation differs from the current server\'s',
      explanation: 'character_set_server and collation_server are what a database created without CHARACTER SET gets, and what some connections start with. The copied databases keep their own defaults, but databases the application creates after the migration get the target\'s, and so do their tables and columns: they may not compare with the copied ones (error 1267) or not store the same characters. Upstream MariaDB changed the default from latin1 to utf8mb4 (utf8mb4_uca1400_ai_ci) in 11.6. The users listed can create databases themselves (CREATE on all databases or on a pattern of names); databases the hosting panel creates get what the panel gives.',
      fix: 'Set character_set_server and collation_server on the target to the current server\'s values, or give CHARACTER SET and COLLATE explicitly where the application creates databases.',
    },
    fr: {
      title: 'Le jeu de caractères ou la collation par défaut de la cible diffère de celui du serveur actuel',
      explanation: 'character_set_server et collation_server sont ce que reçoit une base créée sans CHARACTER SET, et ce avec quoi certaines connexions démarrent. Les bases copiées gardent leurs propres valeurs, mais les bases que l\'application crée après la migration reçoivent celles de la cible, de même que leurs tables et colonnes : elles peuvent ne pas se comparer aux colonnes copiées (erreur 1267) ou ne pas stocker les mêmes caractères. MariaDB a changé la valeur par défaut de latin1 à utf8mb4 (utf8mb4_uca1400_ai_ci) en 11.6. Les utilisateurs listés peuvent créer eux-mêmes des bases (CREATE sur toutes les bases ou sur un motif de noms) ; les bases que crée le panneau d\'hébergement reçoivent ce que le panneau leur donne.',
      fix: 'Réglez character_set_server et collation_server sur la cible aux valeurs du serveur actuel, ou précisez CHARACTER SET et COLLATE là où l\'application crée des bases.',
    },
  },
  async run(ctx) {
    const [charset, collation] = await Promise.all([bothSides(ctx, 'character_set_server'), bothSides(ctx, 'collation_server')]);
    const changed = [['character_set_server', charset], ['collation_server', collation]] as const;
    const found: AffectedObject[] = changed.flatMap(([name, both]) =>
      both && both.source !== both.target ? [{ object: name, detail: `source=${both.source} target=${both.target}` }] : []);
    if (found.length === 0) return [];
    // The copied databases keep their defaults: only the account's own CREATE DATABASE meets the target's.
    const creators = await databaseCreators(ctx);
    return creators.length === 0 ? [] : [...found, ...creators];
  },
};

/** The global time_zone: what NOW(), CURRENT_TIMESTAMP and the display of TIMESTAMP columns use in new connections. */
export const targetTimeZone: Rule = {
  id: 'target-time-zone',
  severity: 'warning',
  docs: 'https://mariadb.com/kb/en/time-zones/',
  text: {
    en: {
      title: 'The target\'s default time zone differs from the current server\'s',
      explanation: 'Connections that do not set time_zone use the server\'s global time zone for NOW(), CURRENT_TIMESTAMP, FROM_UNIXTIME() and for showing TIMESTAMP columns. It differs on the target, so after the migration the application sees TIMESTAMP values shifted, and DATETIME columns filled from NOW() or DEFAULT CURRENT_TIMESTAMP (listed) get values in another zone than the rows written before.',
      fix: 'Set the target\'s time_zone (default-time-zone in its configuration) to the current server\'s, or have the application set its time zone when it connects.',
    },
    fr: {
      title: 'Le fuseau horaire par défaut de la cible diffère de celui du serveur actuel',
      explanation: 'Les connexions qui ne règlent pas time_zone utilisent le fuseau global du serveur pour NOW(), CURRENT_TIMESTAMP, FROM_UNIXTIME() et l\'affichage des colonnes TIMESTAMP. Il diffère sur la cible : après la migration, l\'application voit les valeurs TIMESTAMP décalées, et les colonnes DATETIME remplies par NOW() ou DEFAULT CURRENT_TIMESTAMP (listées) reçoivent des valeurs dans un autre fuseau que les lignes écrites avant.',
      fix: 'Réglez le time_zone de la cible (default-time-zone dans sa configuration) sur celui du serveur actuel, ou faites régler son fuseau par l\'application à la connexion.',
    },
  },
  async run(ctx) {
    if (!ctx.target) return [];
    const [source, target] = await Promise.all([effectiveZone((sql) => ctx.source(sql)), effectiveZone(ctx.target)]);
    if (!zonesDiffer(source, target)) return [];
    const local = (await ctx.columns()).filter((c) => c.dataType === 'datetime'
      && (/current_timestamp/i.test(c.defaultValue ?? '') || /on update current_timestamp/i.test(c.extra)));
    const label = (z: typeof source): string => (z.global.toUpperCase() === 'SYSTEM' ? `SYSTEM:${describeZone(z)}` : describeZone(z));
    return [
      { object: 'time_zone', detail: `source=${label(source)} target=${label(target)}` },
      ...local.map((c) => ({ database: c.database, object: c.table, column: c.name, detail: 'datetime default=current_timestamp' })),
    ];
  },
};
