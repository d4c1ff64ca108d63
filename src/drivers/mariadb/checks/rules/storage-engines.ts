/**
 * Storage engines of the account's tables: the ones a consistent snapshot
 * does not cover (non-transactional) and the ones the new server lacks.
 */
import type { AffectedObject } from '../../../reports.ts';
import type { CheckContext, TableRow } from '../context.ts';
import type { Rule } from '../rule.ts';

const isTable = (t: TableRow): boolean => (t.type === 'BASE TABLE' || t.type === 'SYSTEM VERSIONED') && t.engine !== null;
/** Engines with transactions and MVCC snapshots; SEQUENCE objects are InnoDB tables too. */
const TRANSACTIONAL = new Set(['INNODB']);

export const nonTransactional: Rule = {
  id: 'non-transactional',
  severity: 'warning',
  docs: 'https://mariadb.com/docs/server/server-usage/storage-engines/choosing-the-right-storage-engine',
  text: {
    en: {
      title: 'Tables without transactions (MyISAM, Aria, MEMORY...)',
      explanation: 'These tables are not InnoDB: a consistent snapshot does not cover them, so the online copy cannot read them as of one moment while the application writes, and only the frozen pass makes their copy exact. A crash can also leave them half-written. MEMORY tables lose their rows whenever a server restarts.',
      fix: 'Convert them to InnoDB before the migration when the application allows it: ALTER TABLE t ENGINE=InnoDB. Otherwise expect the frozen pass to take longer.',
    },
    fr: {
      title: 'Tables sans transactions (MyISAM, Aria, MEMORY...)',
      explanation: 'Ces tables ne sont pas en InnoDB : un instantané cohérent ne les couvre pas, la copie en ligne ne peut donc pas les lire à un instant donné pendant que l\'application écrit, et seule la passe gelée rend leur copie exacte. Un arrêt brutal peut aussi les laisser à moitié écrites. Les tables MEMORY perdent leurs lignes à chaque redémarrage d\'un serveur.',
      fix: 'Convertissez-les en InnoDB avant la migration si l\'application le permet : ALTER TABLE t ENGINE=InnoDB. Sinon, attendez-vous à une passe gelée plus longue.',
    },
  },
  async run(ctx) {
    return (await ctx.tables()).filter((t) => isTable(t) && !TRANSACTIONAL.has((t.engine ?? '').toUpperCase()))
      .map((t) => ({ database: t.database, object: t.name, detail: t.engine ?? '' }));
  },
};

/** Engines compiled into every MariaDB server from 10.5 to 11.8 (a plugin engine may be missing from a new server). */
const BUILT_IN = new Set(['INNODB', 'MYISAM', 'ARIA', 'MEMORY', 'CSV', 'MRG_MYISAM', 'SEQUENCE']);
/** Engines no MariaDB from that version on has at all. */
const REMOVED: ReadonlyMap<string, string> = new Map([['TOKUDB', '10.6'], ['CASSANDRA', '10.6']]);

/** The engines the target offers (upper case), or null when the target cannot be read. */
async function targetEngines(ctx: CheckContext): Promise<Set<string> | null> {
  if (!ctx.target) return null;
  const rows = await ctx.target("SELECT engine FROM information_schema.engines WHERE support IN ('YES', 'DEFAULT')");
  return new Set(rows.map((r) => String(r['engine']).toUpperCase()));
}

export const missingEngines: Rule = {
  id: 'missing-engines',
  severity: 'blocker',
  docs: 'https://mariadb.com/docs/server/server-usage/storage-engines',
  text: {
    en: {
      title: 'Tables whose storage engine the new server may not have',
      explanation: 'These tables use a storage engine that the new server does not offer (when it could be read), that the new version removed, or that is a plugin a new server does not load by default. Creating them there fails (1286 Unknown storage engine), so the migration cannot copy them.',
      fix: 'Convert the tables to InnoDB (ALTER TABLE t ENGINE=InnoDB), or have the engine\'s plugin installed on the new server (INSTALL SONAME), then check again.',
    },
    fr: {
      title: 'Tables dont le moteur de stockage peut manquer au nouveau serveur',
      explanation: 'Ces tables utilisent un moteur de stockage que le nouveau serveur n\'offre pas (quand il a pu être lu), que la nouvelle version a supprimé, ou qui est un greffon qu\'un nouveau serveur ne charge pas par défaut. Leur création y échoue (1286 Unknown storage engine) : la migration ne peut pas les copier.',
      fix: 'Convertissez les tables en InnoDB (ALTER TABLE t ENGINE=InnoDB), ou faites installer le greffon du moteur sur le nouveau serveur (INSTALL SONAME), puis relancez la vérification.',
    },
  },
  async run(ctx) {
    const offered = await targetEngines(ctx);
    const found: AffectedObject[] = [];
    for (const t of (await ctx.tables()).filter(isTable)) {
      const engine = (t.engine ?? '').toUpperCase();
      const removedIn = REMOVED.get(engine);
      if (offered ? !offered.has(engine) : (removedIn !== undefined || !BUILT_IN.has(engine))) {
        // Data, not prose: the engine, and the version that removed it when that is the reason.
        found.push({ database: t.database, object: t.name, detail: removedIn && !offered ? `${t.engine ?? ''} (-${removedIn})` : t.engine ?? '' });
      }
    }
    return found;
  },
};
