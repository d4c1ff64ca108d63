/**
 * Texts of the UserError codes the MariaDB copier throws (src/drivers/mariadb/copier).
 * Placeholders in braces are filled from the error's params; none of them
 * ever holds a credential. src/messages/i18n.ts reads them.
 */
const en = {
  'copier.source-unreachable': 'Cannot connect to the source server {address} ({reason}). Check that it is running and that the bot\'s admin credentials are valid.',
  'copier.target-unreachable': 'Cannot connect to the target server {address} ({reason}). Check that it is running and that the bot\'s admin credentials are valid.',
  'copier.source-database-missing': 'The database {database} does not exist on the source server. Check the account\'s database list.',
  'copier.target-database-exists': 'The database {database} already exists on the target server. Remove it, or copy again replacing existing databases.',
  'copier.target-local-infile-disabled': 'The target server {address} refuses LOAD DATA LOCAL INFILE. Start it with --local-infile=1 (or SET GLOBAL local_infile = 1).',
} as const;

/** Every code needs its French text: a missing or extra key is a compile error. */
const fr: Record<keyof typeof en, string> = {
  'copier.source-unreachable': 'Impossible de se connecter au serveur source {address} ({reason}). Vérifiez qu\'il fonctionne et que les identifiants d\'administration du bot sont valides.',
  'copier.target-unreachable': 'Impossible de se connecter au serveur cible {address} ({reason}). Vérifiez qu\'il fonctionne et que les identifiants d\'administration du bot sont valides.',
  'copier.source-database-missing': 'La base {database} n\'existe pas sur le serveur source. Vérifiez la liste des bases du compte.',
  'copier.target-database-exists': 'La base {database} existe déjà sur le serveur cible. Supprimez-la, ou relancez la copie en remplaçant les bases existantes.',
  'copier.target-local-infile-disabled': 'Le serveur cible {address} refuse LOAD DATA LOCAL INFILE. Démarrez-le avec --local-infile=1 (ou SET GLOBAL local_infile = 1).',
};

export const copierErrors = { en, fr } as const;

/** The UserError codes of the copier. */
export type CopierErrorCode = keyof typeof en;
