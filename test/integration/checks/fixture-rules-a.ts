/**
 * The fixtures of chk-rules-a's rules, by rule id: statements that make the
 * rule find something (`triggers`) and statements of a database it passes on
 * (`clean`), each run in a fresh database (checkFixture). The lead can build
 * one account that triggers every rule from these. Statements assume the
 * host's 10.11 unless `server` says otherwise; `target` says what the target
 * must be for the rule to find anything.
 */
export interface RuleFixture {
  readonly triggers: readonly string[];
  readonly clean: readonly string[];
  /** 'own-server': they change a global setting, run them on a throwaway server; '11.8': they need 11.8 (rollback rules). */
  readonly server?: 'host' | 'own-server' | '11.8';
  readonly target?: string;
}

const LONG = 'b'.repeat(64);

export const rulesAFixtures: Readonly<Record<string, RuleFixture>> = {
  'reserved-words': {
    triggers: ['CREATE TABLE vector (id INT PRIMARY KEY, sql_before_gtids INT)', 'CREATE PROCEDURE sql_after_gtids() SELECT 1'],
    clean: ['CREATE TABLE vectors (id INT PRIMARY KEY, `offset_at` INT)'],
  },
  'reserved-words-in-programs': {
    triggers: [
      'CREATE TABLE rw (id INT PRIMARY KEY, `vector` INT)',
      'CREATE PROCEDURE rw_body()\nBEGIN\n  DECLARE vector INT DEFAULT 1;\n  SELECT vector;\nEND',
      'CREATE PROCEDURE rw_param(IN vector INT) SELECT 1',
      'CREATE TRIGGER rw_trg BEFORE INSERT ON rw FOR EACH ROW SET @v = NEW.vector + sql_before_gtids()',
    ],
    clean: [
      'CREATE TABLE rw (id INT PRIMARY KEY, `vector` INT)',
      "CREATE PROCEDURE rw_ok(IN `vector` INT)\nBEGIN\n  -- vector in a comment\n  SELECT t.vector, `vector`, 'vector' FROM rw t LIMIT 1 OFFSET 0;\nEND",
    ],
  },
  'removed-variables': {
    triggers: [
      "CREATE PROCEDURE rv_read() SELECT @@date_format, @@global.innodb_change_buffering",
      'CREATE PROCEDURE rv_set()\nBEGIN\n  SET SESSION old_alter_table = 1;\nEND',
    ],
    clean: ['CREATE TABLE rv (id INT PRIMARY KEY, date_format INT)', "CREATE PROCEDURE rv_ok() UPDATE rv SET date_format = 1 WHERE 'date_format' = @@version"],
  },
  'deprecated-names': {
    triggers: ['CREATE PROCEDURE dn()\nBEGIN\n  SET SESSION tx_isolation = \'READ-COMMITTED\';\n  SELECT DES_ENCRYPT(\'x\', \'k\');\nEND'],
    clean: ['CREATE PROCEDURE dn_ok() SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED'],
  },
  'utf8mb3': {
    triggers: ['CREATE TABLE u3 (id INT PRIMARY KEY, name VARCHAR(20) CHARACTER SET utf8mb3) DEFAULT CHARSET=utf8mb3'],
    clean: ['CREATE TABLE u4 (id INT PRIMARY KEY, name VARCHAR(20)) DEFAULT CHARSET=utf8mb4'],
  },
  'zero-dates': {
    triggers: [
      "SET SESSION sql_mode = ''",
      "CREATE TABLE zd (id INT PRIMARY KEY, made DATETIME NOT NULL DEFAULT '0000-00-00 00:00:00', due DATE NULL)",
      "INSERT INTO zd VALUES (1, '2024-01-02 03:04:05', '2020-00-10')",
    ],
    clean: ['CREATE TABLE zd (id INT PRIMARY KEY, made DATETIME NULL, due DATE NULL)', "INSERT INTO zd VALUES (1, '2024-01-02 03:04:05', '2020-01-10')"],
    target: "a server whose global sql_mode is strict with NO_ZERO_DATE or NO_ZERO_IN_DATE (11.8's default does not reject zero dates)",
  },
  'old-temporal': {
    triggers: ['SET GLOBAL mysql56_temporal_format = OFF', 'CREATE TABLE ot (id INT PRIMARY KEY, at DATETIME, t TIME)', 'SET GLOBAL mysql56_temporal_format = ON'],
    clean: ['CREATE TABLE ot (id INT PRIMARY KEY, at DATETIME, t TIME)'],
    server: 'own-server',
  },
  'system-versioned': {
    triggers: ['CREATE TABLE sv (id INT PRIMARY KEY, v INT) WITH SYSTEM VERSIONING'],
    clean: ['CREATE TABLE nsv (id INT PRIMARY KEY, v INT)'],
  },
  'compressed-columns': {
    triggers: ['CREATE TABLE cc (id INT PRIMARY KEY, body TEXT COMPRESSED)'],
    clean: ['CREATE TABLE cc (id INT PRIMARY KEY, body TEXT)'],
  },
  'compressed-syntax-in-programs': {
    triggers: ['CREATE PROCEDURE cs()\nBEGIN\n  CREATE TABLE IF NOT EXISTS cs_t (b VARCHAR(100) CHARACTER SET latin1 COMPRESSED);\nEND'],
    clean: ['CREATE PROCEDURE cs_ok() CREATE TABLE IF NOT EXISTS cs_t (b VARCHAR(100) COMPRESSED CHARACTER SET latin1)'],
  },
  'long-fk-names': {
    triggers: ['CREATE TABLE fkp (id INT PRIMARY KEY)', 'CREATE TABLE fkc (id INT, FOREIGN KEY (id) REFERENCES fkp (id))', `RENAME TABLE fkc TO ${LONG}`],
    // A name of exactly 64 characters is allowed (and information_schema shows it whole).
    clean: ['CREATE TABLE fkp (id INT PRIMARY KEY)', `CREATE TABLE fkc (id INT, CONSTRAINT \`${'d'.repeat(64)}\` FOREIGN KEY (id) REFERENCES fkp (id))`],
  },
  'non-transactional': {
    triggers: ['CREATE TABLE nt_m (id INT PRIMARY KEY) ENGINE=MyISAM', 'CREATE TABLE nt_a (id INT PRIMARY KEY) ENGINE=Aria'],
    clean: ['CREATE TABLE nt_i (id INT PRIMARY KEY) ENGINE=InnoDB', 'CREATE SEQUENCE nt_s'],
  },
  'missing-engines': {
    triggers: ["INSTALL SONAME 'ha_archive'", 'CREATE TABLE me (id INT) ENGINE=ARCHIVE'],
    clean: ['CREATE TABLE me (id INT PRIMARY KEY) ENGINE=InnoDB', 'CREATE TABLE me_csv (id INT NOT NULL) ENGINE=CSV'],
    server: 'own-server',
    target: 'an 11.8 server without the ARCHIVE plugin (the default), or none: a plugin engine is then reported',
  },
  'session-user-function': {
    triggers: ['CREATE TABLE su (id INT PRIMARY KEY, who VARCHAR(200))', 'CREATE TRIGGER su_who BEFORE INSERT ON su FOR EACH ROW SET NEW.who = SESSION_USER()'],
    clean: ['CREATE TABLE su (id INT PRIMARY KEY, who VARCHAR(200))', 'CREATE TRIGGER su_who BEFORE INSERT ON su FOR EACH ROW SET NEW.who = USER()'],
  },
  'rollback-vector-type': {
    triggers: ['CREATE TABLE rv (id INT PRIMARY KEY, emb VECTOR(3) NOT NULL, VECTOR INDEX (emb))'],
    clean: ['CREATE TABLE rv (id INT PRIMARY KEY, emb VARBINARY(12))'],
    server: '11.8',
  },
  'rollback-timestamps-2038': {
    triggers: ["SET time_zone = '+00:00'", 'CREATE TABLE rt (id INT PRIMARY KEY, at TIMESTAMP NULL)', "INSERT INTO rt VALUES (1, '2040-01-01 00:00:00')"],
    clean: ["SET time_zone = '+00:00'", 'CREATE TABLE rt (id INT PRIMARY KEY, at TIMESTAMP NULL)', "INSERT INTO rt VALUES (1, '2038-01-19 03:14:07')"],
    server: '11.8',
  },
};
