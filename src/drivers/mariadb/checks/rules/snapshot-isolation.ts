import type { AffectedObject } from '../../../reports.ts';
import { bareName, captures } from '../bodies.ts';
import type { Rule } from '../rule.ts';

/** Tables an UPDATE, DELETE or INSERT ... ON DUPLICATE KEY UPDATE of a program writes (group 1: the name as written). */
const WRITES = [
  /\bupdate\s+(?:low_priority\s+)?(?:ignore\s+)?([`\w.$]+)/i,
  /\bdelete\s+(?:low_priority\s+)?(?:quick\s+)?(?:ignore\s+)?from\s+([`\w.$]+)/i,
  /\binsert\s+(?:\w+\s+)*?into\s+([`\w.$]+)[^;]*\bon\s+duplicate\s+key\s+update\b/i,
];

/**
 * innodb_snapshot_isolation = ON (the default from 11.6.2): under REPEATABLE
 * READ, a transaction that writes a row another transaction changed since its
 * snapshot fails with error 1020 instead of writing over it. Every account's
 * application may meet it, so that part is a documented incompatibility of
 * the migration; the rule finds something only when the account's own
 * routines, triggers or events write InnoDB tables.
 */
export const snapshotIsolation: Rule = {
  id: 'snapshot-isolation',
  severity: 'warning',
  since: '11.6',
  docs: 'https://mariadb.com/kb/en/innodb-system-variables/#innodb_snapshot_isolation',
  text: {
    en: {
      title: 'Concurrent updates of InnoDB rows can now fail with error 1020',
      explanation: 'On the target innodb_snapshot_isolation is ON (the default since 11.6.2). In a REPEATABLE READ transaction (the default isolation), updating or deleting a row that another transaction changed after this one first read is refused with "Record has changed since last read" (error 1020) and the transaction is rolled back, where the current server silently wrote over the newer row. Applications that never retry a transaction will show these errors under load. The tables listed are those the account\'s own routines, triggers and events write; the application\'s queries cannot be seen.',
      fix: 'Make the application retry a transaction on error 1020 as it does on a deadlock (1213), or keep the old behaviour with innodb_snapshot_isolation = OFF on the target (globally, or SET SESSION for the connections that need it).',
    },
    fr: {
      title: 'Les mises à jour concurrentes de lignes InnoDB peuvent désormais échouer avec l\'erreur 1020',
      explanation: 'Sur la cible, innodb_snapshot_isolation vaut ON (la valeur par défaut depuis 11.6.2). Dans une transaction REPEATABLE READ (l\'isolation par défaut), modifier ou supprimer une ligne qu\'une autre transaction a changée après la première lecture de celle-ci est refusé avec « Record has changed since last read » (erreur 1020) et la transaction est annulée, là où le serveur actuel écrasait sans rien dire la ligne plus récente. Les applications qui ne rejouent jamais une transaction afficheront ces erreurs en charge. Les tables listées sont celles qu\'écrivent les routines, déclencheurs et événements du compte ; les requêtes de l\'application ne sont pas visibles.',
      fix: 'Faites rejouer à l\'application une transaction en erreur 1020 comme pour un interblocage (1213), ou gardez l\'ancien comportement avec innodb_snapshot_isolation = OFF sur la cible (globalement, ou SET SESSION pour les connexions qui en ont besoin).',
    },
  },
  async run(ctx) {
    if (!ctx.target) return [];
    const target = (await ctx.variable('target', 'innodb_snapshot_isolation'))?.toUpperCase();
    const source = (await ctx.variable('source', 'innodb_snapshot_isolation'))?.toUpperCase() ?? 'ABSENT';
    const isolation = (await ctx.variable('target', 'transaction_isolation')) ?? (await ctx.variable('target', 'tx_isolation'));
    if (target !== 'ON' || source === 'ON' || isolation !== 'REPEATABLE-READ') return [];
    const innodb = (await ctx.tables()).filter((t) => t.type !== 'VIEW' && t.engine?.toLowerCase() === 'innodb');
    if (innodb.length === 0) return [];
    const writers = new Map<string, string[]>();
    for (const p of await ctx.programs()) {
      if (p.kind === 'view') continue;
      for (const name of new Set(WRITES.flatMap((re) => captures(p.body, re)).map(bareName))) {
        const key = `${p.database}.${name}`;
        writers.set(key, [...(writers.get(key) ?? []), `${p.kind}:${p.name}`]);
      }
    }
    const written: AffectedObject[] = innodb.flatMap((t) => {
      const by = writers.get(`${t.database}.${t.name.toLowerCase()}`);
      return by ? [{ database: t.database, object: t.name, detail: `written_by=${by.join(',')}` }] : [];
    });
    // What every account's application meets is in the migration's incompatibilities; a finding names what the account's own programs write.
    if (written.length === 0) return [];
    return [{ object: 'innodb_snapshot_isolation', detail: `source=${source} target=ON innodb_tables=${innodb.length}` }, ...written];
  },
};
