/**
 * Statements that build and fill `demo_blog`, shaped like a WordPress site
 * that has lived through a few upgrades: zero-date defaults, an old MyISAM
 * options table, a utf8mb3 table left from before utf8mb4, a FULLTEXT index
 * and a generated column. Runs with `demo_blog` as the current database.
 */
export function blogStatements(rows: number): string[] {
  const posts = Math.max(1, Math.min(2000, Math.floor(rows / 50)));
  const comments = posts * 10;
  const wp = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci';
  return [
    // WordPress clears strict modes in its own sessions; its zero-date defaults need that.
    `SET SESSION sql_mode = 'NO_ENGINE_SUBSTITUTION'`,
    `CREATE TABLE wp_users (
      ID BIGINT(20) UNSIGNED NOT NULL AUTO_INCREMENT,
      user_login VARCHAR(60) NOT NULL DEFAULT '',
      user_pass VARCHAR(255) NOT NULL DEFAULT '',
      user_nicename VARCHAR(50) NOT NULL DEFAULT '',
      user_email VARCHAR(100) NOT NULL DEFAULT '',
      user_url VARCHAR(100) NOT NULL DEFAULT '',
      user_registered DATETIME NOT NULL DEFAULT '0000-00-00 00:00:00',
      user_activation_key VARCHAR(255) NOT NULL DEFAULT '',
      user_status INT(11) NOT NULL DEFAULT 0,
      display_name VARCHAR(250) NOT NULL DEFAULT '',
      PRIMARY KEY (ID), KEY user_login_key (user_login), KEY user_nicename (user_nicename), KEY user_email (user_email)
    ) ${wp}`,
    `CREATE TABLE wp_posts (
      ID BIGINT(20) UNSIGNED NOT NULL AUTO_INCREMENT,
      post_author BIGINT(20) UNSIGNED NOT NULL DEFAULT 0,
      post_date DATETIME NOT NULL DEFAULT '0000-00-00 00:00:00',
      post_date_gmt DATETIME NOT NULL DEFAULT '0000-00-00 00:00:00',
      post_content LONGTEXT NOT NULL,
      post_title TEXT NOT NULL,
      post_status VARCHAR(20) NOT NULL DEFAULT 'publish',
      comment_status VARCHAR(20) NOT NULL DEFAULT 'open',
      post_name VARCHAR(200) NOT NULL DEFAULT '',
      post_modified DATETIME NOT NULL DEFAULT '0000-00-00 00:00:00',
      post_type VARCHAR(20) NOT NULL DEFAULT 'post',
      comment_count BIGINT(20) NOT NULL DEFAULT 0,
      post_year SMALLINT AS (YEAR(post_date)) VIRTUAL,
      PRIMARY KEY (ID), KEY post_name (post_name(191)),
      KEY type_status_date (post_type, post_status, post_date, ID), KEY post_author (post_author),
      KEY post_year (post_year), FULLTEXT KEY post_search (post_title, post_content)
    ) ${wp}`,
    `CREATE TABLE wp_postmeta (
      meta_id BIGINT(20) UNSIGNED NOT NULL AUTO_INCREMENT,
      post_id BIGINT(20) UNSIGNED NOT NULL DEFAULT 0,
      meta_key VARCHAR(255) DEFAULT NULL,
      meta_value LONGTEXT,
      PRIMARY KEY (meta_id), KEY post_id (post_id), KEY meta_key (meta_key(191))
    ) ${wp}`,
    `CREATE TABLE wp_comments (
      comment_ID BIGINT(20) UNSIGNED NOT NULL AUTO_INCREMENT,
      comment_post_ID BIGINT(20) UNSIGNED NOT NULL DEFAULT 0,
      comment_author TINYTEXT NOT NULL,
      comment_author_email VARCHAR(100) NOT NULL DEFAULT '',
      comment_date DATETIME NOT NULL DEFAULT '0000-00-00 00:00:00',
      comment_content TEXT NOT NULL,
      comment_approved VARCHAR(20) NOT NULL DEFAULT '1',
      PRIMARY KEY (comment_ID), KEY comment_post_ID (comment_post_ID),
      KEY comment_approved_date (comment_approved, comment_date)
    ) ${wp}`,
    // Old installs kept wp_options on MyISAM: not covered by a consistent snapshot.
    `CREATE TABLE wp_options (
      option_id BIGINT(20) UNSIGNED NOT NULL AUTO_INCREMENT,
      option_name VARCHAR(191) NOT NULL DEFAULT '',
      option_value LONGTEXT NOT NULL,
      autoload VARCHAR(20) NOT NULL DEFAULT 'yes',
      PRIMARY KEY (option_id), UNIQUE KEY option_name (option_name), KEY autoload (autoload)
    ) ENGINE=MyISAM DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci`,
    // Left from the pre-utf8mb4 era: an emoji cannot be stored here.
    `CREATE TABLE wp_terms (
      term_id BIGINT(20) UNSIGNED NOT NULL AUTO_INCREMENT,
      name VARCHAR(200) NOT NULL DEFAULT '',
      slug VARCHAR(200) NOT NULL DEFAULT '',
      term_group BIGINT(10) NOT NULL DEFAULT 0,
      PRIMARY KEY (term_id), KEY slug (slug(191)), KEY name (name(191))
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb3 COLLATE=utf8mb3_general_ci`,
    `INSERT INTO wp_users (user_login, user_pass, user_nicename, user_email, user_registered, display_name) VALUES
      ('admin', '$P$BZlPX7NIx8MYpXokBW2AGsN7i.aUOt0', 'admin', 'admin@example.org', '2015-03-02 10:11:12', 'Administrateur'),
      ('helene', '$P$B5ZDgpX8dqFNUcXCV4HUwo0ktk5Gdg/', 'helene', 'helene@example.org', '2016-07-14 09:00:00', 'Hélène Lefèvre'),
      ('jurgen', '$P$BjRqKx1b1y1iVUx7V1TIJ5S9kKQY0P1', 'jurgen', 'jurgen@example.org', '0000-00-00 00:00:00', 'Jürgen Groß 🎸')`,
    `INSERT INTO wp_posts (post_author, post_date, post_date_gmt, post_content, post_title, post_status, post_name, post_modified, post_type)
     SELECT 1 + seq % 3,
       IF(seq % 10 = 0, '0000-00-00 00:00:00', '2016-01-01 09:00:00' + INTERVAL seq * 31 HOUR),
       IF(seq % 10 = 0, '0000-00-00 00:00:00', '2016-01-01 08:00:00' + INTERVAL seq * 31 HOUR),
       CONCAT('<!-- wp:paragraph --><p>Article n°', seq, ' : déjà vu, crème brûlée et naïveté. ',
              ELT(1 + seq % 4, 'Migration réussie 🎉', 'Café ☕ offert', 'Voilà 👍', 'Fête à Noël 🎄'),
              '</p><!-- /wp:paragraph -->', REPEAT(' Lorem ipsum dolor sit amet.', 1 + seq % 20)),
       CONCAT(ELT(1 + seq % 4, 'Nouveautés', 'Été à Montréal', 'Über uns', 'Recette du jour'), ' #', seq),
       IF(seq % 10 = 0, 'draft', 'publish'), CONCAT('article-', seq),
       '2020-05-05 05:05:05' + INTERVAL seq MINUTE, IF(seq % 25 = 0, 'page', 'post')
     FROM seq_1_to_${posts}`,
    `INSERT INTO wp_postmeta (post_id, meta_key, meta_value)
     SELECT 1 + seq % ${posts}, ELT(1 + seq % 3, '_edit_lock', '_thumbnail_id', '_wp_page_template'),
       ELT(1 + seq % 3, CONCAT('1588652705:', 1 + seq % 3), seq, 'default')
     FROM seq_1_to_${posts * 3}`,
    `INSERT INTO wp_comments (comment_post_ID, comment_author, comment_author_email, comment_date, comment_content, comment_approved)
     SELECT 1 + seq % ${posts}, ELT(1 + seq % 4, 'Zoë', 'Andrés', 'Ólafur', 'anonyme'), CONCAT('reader', seq % 97, '@example.net'),
       '2017-02-02 02:02:02' + INTERVAL seq * 7 HOUR,
       CONCAT('Merci pour cet article ', ELT(1 + seq % 3, '😀', '❤️', 'très intéressant'), ' (', seq, ')'),
       ELT(1 + seq % 5, '1', '1', '1', '0', 'spam')
     FROM seq_1_to_${comments}`,
    `UPDATE wp_posts p JOIN (SELECT comment_post_ID, COUNT(*) AS n FROM wp_comments WHERE comment_approved = '1' GROUP BY comment_post_ID) c
       ON c.comment_post_ID = p.ID SET p.comment_count = c.n`,
    `INSERT INTO wp_options (option_name, option_value, autoload) VALUES
      ('siteurl', 'https://blog.example.org', 'yes'), ('home', 'https://blog.example.org', 'yes'),
      ('blogname', 'Le blog de démonstration ✨', 'yes'), ('blogdescription', 'Un autre site WordPress', 'yes'),
      ('admin_email', 'admin@example.org', 'yes'), ('db_version', '57155', 'yes'), ('WPLANG', 'fr_FR', 'yes'),
      ('active_plugins', 'a:2:{i:0;s:19:"akismet/akismet.php";i:1;s:9:"hello.php";}', 'yes'),
      ('wp_user_roles', 'a:1:{s:13:"administrator";a:2:{s:4:"name";s:13:"Administrator";s:12:"capabilities";a:1:{s:14:"manage_options";b:1;}}}', 'yes'),
      ('_transient_doing_cron', '1717171717.1234560000', 'no')`,
    `INSERT INTO wp_terms (name, slug) VALUES ('Non classé', 'non-classe'), ('Actualités', 'actualites'),
      ('Cuisine française', 'cuisine-francaise'), ('Straße & Café', 'strasse-cafe')`,
  ];
}
