import type { Rule } from '../rule.ts';

/**
 * What Debian 13's packages of 11.8.9 install (read from the image's dpkg
 * lists): mariadb-client keeps links for three mysql* names; every other
 * mysql* client name is only in mariadb-client-compat / mariadb-server-compat
 * (MDEV-30203, 11.0). Upstream removes the links in 12.3.
 */
const KEPT = 'mysql,mysqladmin,mysqldump';
const MOVED = 'mysqlcheck,mysqlimport,mysqlshow,mysqlbinlog,mysqlslap,mysqldumpslow,mysql_tzinfo_to_sql,mysql_secure_installation,mysqlanalyze,mysqloptimize,mysqlrepair';

/**
 * Scripts and cron jobs that call mysql-named programs. The account's own
 * objects cannot call a program (no routine, trigger or event runs a shell
 * command), so there is nothing on the account to look at: the rule always
 * gives this notice when the migration crosses 11.0, and says so.
 */
export const clientProgramNames: Rule = {
  id: 'client-program-names',
  severity: 'notice',
  since: '11.0',
  docs: 'https://mariadb.com/kb/en/changes-improvements-in-mariadb-11-0/',
  text: {
    en: {
      title: 'Client programs named mysql* are leaving the default packages',
      explanation: 'Since MariaDB 11.0 the mysql-named client programs are compatibility links in separate packages (mariadb-client-compat, mariadb-server-compat), deprecated in favour of the mariadb-* names. On Debian 13 (MariaDB 11.8) only mysql, mysqladmin and mysqldump are still installed by default; mysqlcheck, mysqlimport, mysqlshow, mysqlbinlog and the others are not. Backup scripts, cron jobs and deployment tools that call them stop working on a host installed with the new version. This notice is the same for every account: databases cannot call programs, so nothing on the account shows whether it is affected.',
      fix: 'Replace the mysql* names with mariadb, mariadb-dump, mariadb-admin, mariadb-check, mariadb-import, mariadb-show, mariadb-binlog... in scripts and cron jobs, or install mariadb-client-compat on the hosts that run them.',
    },
    fr: {
      title: 'Les programmes clients nommés mysql* quittent les paquets par défaut',
      explanation: 'Depuis MariaDB 11.0, les programmes clients nommés mysql* sont des liens de compatibilité dans des paquets à part (mariadb-client-compat, mariadb-server-compat), dépréciés au profit des noms mariadb-*. Sur Debian 13 (MariaDB 11.8), seuls mysql, mysqladmin et mysqldump sont encore installés par défaut ; mysqlcheck, mysqlimport, mysqlshow, mysqlbinlog et les autres ne le sont plus. Les scripts de sauvegarde, tâches cron et outils de déploiement qui les appellent cessent de fonctionner sur un hôte installé avec la nouvelle version. Cet avis est le même pour tous les comptes : une base de données ne peut pas appeler de programme, donc rien dans le compte ne montre s\'il est concerné.',
      fix: 'Remplacez les noms mysql* par mariadb, mariadb-dump, mariadb-admin, mariadb-check, mariadb-import, mariadb-show, mariadb-binlog... dans les scripts et tâches cron, ou installez mariadb-client-compat sur les hôtes qui les exécutent.',
    },
  },
  run: async () => [{ detail: `debian13_default=${KEPT} compat_only=${MOVED}` }],
};
