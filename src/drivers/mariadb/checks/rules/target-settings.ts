/** Settings of the target that differ from the current server's and that the account's statements depend on. */
import { bothSides } from '../read.ts';
import type { Rule } from '../rule.ts';
import { caseFolding, largestValue, sqlModeChange } from '../setting-changes.ts';

/** The global sql_mode, which every connection that does not set its own gets. */
export const targetSqlMode: Rule = {
  id: 'target-sql-mode',
  severity: 'warning',
  docs: 'https://mariadb.com/kb/en/sql-mode/',
  text: {
    en: {
      title: 'The target\'s default SQL mode differs from the current server\'s',
      explanation: 'Connections that do not set sql_mode themselves run under the server\'s global sql_mode. A mode the target adds can turn statements that worked into errors (STRICT_*: out-of-range or truncated values refused; ONLY_FULL_GROUP_BY: GROUP BY queries refused; NO_ZERO_DATE: zero dates refused); a mode it drops turns errors into silent truncation. Routines, triggers and events keep the mode they were created with and are not affected.',
      fix: 'Set the target\'s sql_mode to the current server\'s value (in its configuration), or have the application set the sql_mode it needs when it connects.',
    },
    fr: {
      title: 'Le mode SQL par défaut de la cible diffère de celui du serveur actuel',
      explanation: 'Les connexions qui ne règlent pas sql_mode elles-mêmes s\'exécutent sous le sql_mode global du serveur. Un mode que la cible ajoute peut transformer des requêtes qui fonctionnaient en erreurs (STRICT_* : valeurs hors limites ou tronquées refusées ; ONLY_FULL_GROUP_BY : requêtes GROUP BY refusées ; NO_ZERO_DATE : dates nulles refusées) ; un mode qu\'elle retire transforme des erreurs en troncatures silencieuses. Les routines, déclencheurs et événements gardent le mode de leur création et ne sont pas concernés.',
      fix: 'Réglez le sql_mode de la cible sur la valeur du serveur actuel (dans sa configuration), ou faites régler par l\'application le sql_mode dont elle a besoin à la connexion.',
    },
  },
  async run(ctx) {
    const both = await bothSides(ctx, 'sql_mode');
    if (!both) return [];
    const { added, removed } = sqlModeChange(both.source, both.target);
    if (added.length === 0 && removed.length === 0) return [];
    return [{ object: 'sql_mode', detail: `added=${added.join(',') || '-'} removed=${removed.join(',') || '-'}` }];
  },
};

/** lower_case_table_names: how names are stored and compared, fixed when the server's data directory is created. */
export const targetLowerCaseTableNames: Rule = {
  id: 'target-lower-case-table-names',
  severity: 'blocker',
  docs: 'https://mariadb.com/kb/en/identifier-case-sensitivity/',
  text: {
    en: {
      title: 'The target compares database and table names with another case rule',
      explanation: 'lower_case_table_names differs between the servers. Going to 1 or 2, names are stored in lower case: two tables whose names differ only in case cannot both exist (the copy fails on the second), and tools that compare names see them lower-cased. Going to 0, names become case-sensitive: every query that writes a table name in another case than it was created with fails with "Table doesn\'t exist". The setting cannot be changed once the server holds data.',
      fix: 'Run the target with the current server\'s lower_case_table_names (set when its data directory is created), or rename the tables listed so that no two differ only in case and the application writes each name in one case.',
    },
    fr: {
      title: 'La cible compare les noms de bases et de tables avec une autre règle de casse',
      explanation: 'lower_case_table_names diffère entre les serveurs. En passant à 1 ou 2, les noms sont stockés en minuscules : deux tables dont les noms ne diffèrent que par la casse ne peuvent pas exister ensemble (la copie échoue sur la seconde), et les outils qui comparent les noms les voient en minuscules. En passant à 0, les noms deviennent sensibles à la casse : toute requête qui écrit un nom de table dans une autre casse que celle de sa création échoue avec « Table doesn\'t exist ». Le réglage ne peut plus changer une fois que le serveur contient des données.',
      fix: 'Faites tourner la cible avec le lower_case_table_names du serveur actuel (fixé à la création de son répertoire de données), ou renommez les tables listées pour qu\'aucune paire ne diffère que par la casse et que l\'application écrive chaque nom dans une seule casse.',
    },
  },
  async run(ctx) {
    const both = await bothSides(ctx, 'lower_case_table_names');
    if (!both || both.source === both.target) return [];
    const tables = (await ctx.tables()).map((t) => ({ database: t.database, object: t.name }));
    return caseFolding(both.source, both.target, [...ctx.databases.map((database) => ({ database })), ...tables]);
  },
};

/** max_allowed_packet: the largest statement or row a connection may send or receive. */
export const targetMaxAllowedPacket: Rule = {
  id: 'target-max-allowed-packet',
  severity: 'warning',
  docs: 'https://mariadb.com/kb/en/server-system-variables/#max_allowed_packet',
  text: {
    en: {
      title: 'The target accepts smaller packets than the current server',
      explanation: 'max_allowed_packet is the largest statement, and the largest row, a connection may send or receive. It is smaller on the target, so a statement or a row that fits today can fail after the migration ("Got a packet bigger than \'max_allowed_packet\' bytes", error 1153 or 2020): the columns listed can hold values larger than the target\'s limit.',
      fix: 'Set max_allowed_packet on the target to at least the current server\'s value (in its configuration).',
    },
    fr: {
      title: 'La cible accepte des paquets plus petits que le serveur actuel',
      explanation: 'max_allowed_packet est la plus grande requête, et la plus grande ligne, qu\'une connexion peut envoyer ou recevoir. Il est plus petit sur la cible : une requête ou une ligne qui passe aujourd\'hui peut échouer après la migration (« Got a packet bigger than \'max_allowed_packet\' bytes », erreur 1153 ou 2020) ; les colonnes listées peuvent contenir des valeurs plus grandes que la limite de la cible.',
      fix: 'Réglez max_allowed_packet sur la cible à au moins la valeur du serveur actuel (dans sa configuration).',
    },
  },
  async run(ctx) {
    const both = await bothSides(ctx, 'max_allowed_packet');
    if (!both) return [];
    const [source, target] = [Number(both.source), Number(both.target)];
    if (!(target < source)) return [];
    const views = new Set((await ctx.tables()).filter((t) => t.type === 'VIEW').map((t) => `${t.database}.${t.name}`));
    const columns = (await ctx.columns()).filter((c) => largestValue(c.dataType) > target && !views.has(`${c.database}.${c.table}`));
    return [
      { object: 'max_allowed_packet', detail: `source=${source} target=${target}` },
      ...columns.map((c) => ({ database: c.database, object: c.table, column: c.name, detail: `${c.columnType} max_bytes=${largestValue(c.dataType)}` })),
    ];
  },
};
