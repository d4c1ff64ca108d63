/**
 * Texts of the UserError codes the drivers throw: the provisioners of
 * temporary servers, then the copier (src/drivers/mariadb/). Same keys and
 * placeholders in both languages; src/messages/i18n.ts reads them. Each text
 * says how to fix the problem, since operators read them in chat;
 * placeholders are filled from the error's params and none of them ever holds
 * a credential.
 */
const en = {
  // The provisioners' (src/drivers/mariadb/provisioners/).
  'image-missing': 'The MariaDB image `{image}` is not built. Build it once on the bot host with `{command}` (needs root, about 2 minutes), then try again.',
  'image-build-failed': 'Building the MariaDB image `{image}` failed:\n```\n{log}\n```\nFix the cause and run the build again.',
  'binary-missing': 'No usable MariaDB server program at `{binary}`. Install the MariaDB server package on the bot host or correct `binary` in the provisioner config.',
  'provisioner-config': 'The temporary server provisioner is misconfigured: {problem}. An admin must fix the bot config.',
  'server-version-mismatch': 'The temporary server from `{server}` runs MariaDB {actual}, but this migration needs {expected}. An admin must point the provisioner at a {expected} image or binary.',
  'workdir-outside-image': 'The directory `{workDir}` is outside the image `{image}`, so the server started there cannot see it. Use a directory inside the image.',
  'install-db-failed': 'Creating the data directory of a `{server}` server failed:\n```\n{log}\n```',
  'server-not-ready': 'The {server} did not accept connections at {address} within {seconds} s ({reason}). Last lines of its log:\n```\n{log}\n```',
  'port-in-use': 'Port {port} is already used by another program, so the {server} cannot start. Free the port or configure another one.',
  'permanent-port-changed': 'The server with data in `{dataDir}` already runs on port {running}, not {wanted}. Stop it or put the configured port back.',
  'pool-no-version': 'No server of the temporary server pool runs version {version} (the pool has: {versions}). An admin must add one to the pool.',
  'pool-exhausted': 'All {size} pool servers for version {version} are busy with other tests (unreachable: {unreachable}). Try again when a test ends, or ask an admin to add servers to the pool.',
  'provision-command-failed': 'The provisioner {step} command failed (exit code {exitCode}):\n```\n{stderr}\n```',
  'provision-command-output': 'The provisioner create command did not print a valid server as its last line: {problem}. It must print one JSON object {"host", "port", "user", "password"}.',
  'provision-command-timeout': 'The provisioner {step} command did not finish within {seconds} s and was stopped.',
  // The copier's (src/drivers/mariadb/copier/).
  'copier.source-unreachable': 'Cannot connect to the source server {address} ({reason}). Check that it is running and that the bot\'s admin credentials are valid.',
  'copier.target-unreachable': 'Cannot connect to the target server {address} ({reason}). Check that it is running and that the bot\'s admin credentials are valid.',
  'copier.source-database-missing': 'The database {database} does not exist on the source server. Check the account\'s database list.',
  'copier.target-database-exists': 'The database {database} already exists on the target server. Remove it, or copy again replacing existing databases.',
  'copier.target-is-live': 'The copy target {address} is the same server as {live}, which holds the account\'s live data, whatever address reaches it. Nothing was dropped or written; an admin must point the provisioner or the migration\'s target at another server.',
  'copier.target-not-a-copy': 'The database {database} already exists on the target server {address} and was not created by the bot (it lacks the bot\'s copy mark), so it is not replaced. Nothing was dropped; an admin must move or remove it first.',
  'copier.target-local-infile-disabled': 'The target server {address} refuses LOAD DATA LOCAL INFILE. Start it with --local-infile=1 (or SET GLOBAL local_infile = 1).',
  'copier.tables-busy': 'Could not lock the account\'s {tables} tables: other sessions kept transactions or locks on them through {attempts} tries of {seconds} s (open transactions: {holders}). Let those sessions finish (or end them) and try again.',
} as const;

/** Every code needs its French text: a missing or extra key is a compile error. */
const fr: Record<keyof typeof en, string> = {
  // The provisioners'.
  'image-missing': "L'image MariaDB `{image}` n'est pas construite. Construisez-la une fois sur la machine du bot avec `{command}` (root nécessaire, environ 2 minutes), puis réessayez.",
  'image-build-failed': "La construction de l'image MariaDB `{image}` a échoué :\n```\n{log}\n```\nCorrigez la cause et relancez la construction.",
  'binary-missing': "Aucun programme serveur MariaDB utilisable en `{binary}`. Installez le paquet du serveur MariaDB sur la machine du bot ou corrigez `binary` dans la configuration du provisionneur.",
  'provisioner-config': 'Le provisionneur de serveurs temporaires est mal configuré : {problem}. Un admin doit corriger la configuration du bot.',
  'server-version-mismatch': 'Le serveur temporaire issu de `{server}` tourne en MariaDB {actual}, mais cette migration demande {expected}. Un admin doit faire pointer le provisionneur vers une image ou un binaire {expected}.',
  'workdir-outside-image': "Le répertoire `{workDir}` est hors de l'image `{image}` : le serveur lancé dedans ne peut pas le voir. Utilisez un répertoire dans l'image.",
  'install-db-failed': "La création du répertoire de données d'un serveur `{server}` a échoué :\n```\n{log}\n```",
  'server-not-ready': "Le serveur ({server}) n'a pas accepté de connexion sur {address} en {seconds} s ({reason}). Dernières lignes de son journal :\n```\n{log}\n```",
  'port-in-use': 'Le port {port} est déjà pris par un autre programme : le serveur ({server}) ne peut pas démarrer. Libérez le port ou configurez-en un autre.',
  'permanent-port-changed': 'Le serveur dont les données sont dans `{dataDir}` tourne déjà sur le port {running}, pas {wanted}. Arrêtez-le ou remettez le port configuré.',
  'pool-no-version': "Aucun serveur du pool de serveurs temporaires n'est en version {version} (le pool a : {versions}). Un admin doit en ajouter un.",
  'pool-exhausted': 'Les {size} serveurs du pool en version {version} sont tous pris par d’autres tests (injoignables : {unreachable}). Réessayez à la fin d’un test, ou demandez à un admin d’agrandir le pool.',
  'provision-command-failed': 'La commande {step} du provisionneur a échoué (code de sortie {exitCode}) :\n```\n{stderr}\n```',
  'provision-command-output': "La commande create du provisionneur n'a pas affiché un serveur valide en dernière ligne : {problem}. Elle doit afficher un objet JSON {\"host\", \"port\", \"user\", \"password\"}.",
  'provision-command-timeout': "La commande {step} du provisionneur n'a pas fini en {seconds} s et a été arrêtée.",
  // The copier's.
  'copier.source-unreachable': 'Impossible de se connecter au serveur source {address} ({reason}). Vérifiez qu\'il fonctionne et que les identifiants d\'administration du bot sont valides.',
  'copier.target-unreachable': 'Impossible de se connecter au serveur cible {address} ({reason}). Vérifiez qu\'il fonctionne et que les identifiants d\'administration du bot sont valides.',
  'copier.source-database-missing': 'La base {database} n\'existe pas sur le serveur source. Vérifiez la liste des bases du compte.',
  'copier.target-database-exists': 'La base {database} existe déjà sur le serveur cible. Supprimez-la, ou relancez la copie en remplaçant les bases existantes.',
  'copier.target-is-live': "La cible de la copie {address} est le même serveur que {live}, qui porte les données en service du compte, quelle que soit l'adresse qui y mène. Rien n'a été supprimé ni écrit ; un admin doit faire pointer le provisionneur ou la cible de la migration vers un autre serveur.",
  'copier.target-not-a-copy': "La base {database} existe déjà sur le serveur cible {address} et n'a pas été créée par le bot (elle n'a pas sa marque de copie) : elle n'est pas remplacée. Rien n'a été supprimé ; un admin doit d'abord la déplacer ou la supprimer.",
  'copier.target-local-infile-disabled': 'Le serveur cible {address} refuse LOAD DATA LOCAL INFILE. Démarrez-le avec --local-infile=1 (ou SET GLOBAL local_infile = 1).',
  'copier.tables-busy': 'Impossible de verrouiller les {tables} tables du compte : d’autres sessions y ont gardé des transactions ou des verrous pendant {attempts} essais de {seconds} s (transactions ouvertes : {holders}). Laissez ces sessions finir (ou arrêtez-les) et réessayez.',
};

export const driverErrors = { en, fr } as const;

/** The UserError codes of the drivers (provisioners, copier). */
export type DriverErrorCode = keyof typeof en;
