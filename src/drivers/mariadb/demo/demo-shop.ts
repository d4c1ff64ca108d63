/**
 * Statements that build and fill `demo_shop`, an e-commerce schema with the
 * objects a migration must carry: foreign keys, ENUM/SET, DATETIME and
 * TIMESTAMP, a view, a trigger, a procedure and a function, utf8mb4 text.
 *
 * Data is derived from sequence numbers, not RAND(), so two seeds produce
 * identical tables and a test can compare checksums across servers.
 * Runs with `demo_shop` as the current database.
 */
export function shopStatements(definer: string, rows: number): string[] {
  const customers = Math.max(1, Math.floor(rows / 50));
  const products = Math.max(1, Math.min(500, Math.floor(rows / 20)));
  const orders = Math.max(1, Math.floor(rows / 5));
  return [
    // Routines keep the sql_mode they were created with: make it explicit.
    `SET SESSION sql_mode = 'STRICT_TRANS_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_AUTO_CREATE_USER,NO_ENGINE_SUBSTITUTION'`,
    `CREATE TABLE customers (
      id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
      email VARCHAR(190) NOT NULL,
      full_name VARCHAR(120) NOT NULL,
      city VARCHAR(80) NULL,
      tier ENUM('standard','silver','gold') NOT NULL DEFAULT 'standard',
      newsletter SET('promotions','news','partners') NOT NULL DEFAULT '',
      created_at DATETIME NOT NULL,
      updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
      UNIQUE KEY uq_customers_email (email)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`,
    `CREATE TABLE products (
      id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
      sku VARCHAR(32) NOT NULL,
      name VARCHAR(200) NOT NULL,
      description TEXT NULL,
      price DECIMAL(10,2) NOT NULL,
      stock INT NOT NULL DEFAULT 0,
      status ENUM('draft','active','discontinued') NOT NULL DEFAULT 'active',
      created_at DATETIME NOT NULL,
      UNIQUE KEY uq_products_sku (sku)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`,
    `CREATE TABLE orders (
      id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
      customer_id INT UNSIGNED NOT NULL,
      status ENUM('pending','paid','shipped','cancelled','refunded') NOT NULL DEFAULT 'pending',
      total DECIMAL(12,2) NOT NULL DEFAULT 0.00,
      placed_at DATETIME(3) NOT NULL,
      updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
      note TEXT NULL,
      KEY ix_orders_placed (placed_at),
      CONSTRAINT fk_orders_customer FOREIGN KEY (customer_id) REFERENCES customers (id) ON DELETE RESTRICT
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`,
    `CREATE TABLE order_items (
      id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
      order_id INT UNSIGNED NOT NULL,
      product_id INT UNSIGNED NOT NULL,
      quantity SMALLINT UNSIGNED NOT NULL,
      unit_price DECIMAL(10,2) NOT NULL,
      CONSTRAINT fk_items_order FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE,
      CONSTRAINT fk_items_product FOREIGN KEY (product_id) REFERENCES products (id)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`,
    `CREATE TABLE stock_movements (
      id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
      product_id INT UNSIGNED NOT NULL,
      delta INT NOT NULL,
      reason ENUM('sale','restock','correction') NOT NULL,
      moved_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
      CONSTRAINT fk_movements_product FOREIGN KEY (product_id) REFERENCES products (id)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`,
    `INSERT INTO customers (email, full_name, city, tier, newsletter, created_at, updated_at)
     SELECT CONCAT('customer', seq, '@example.com'),
       CONCAT(ELT(1 + seq % 10, 'Zoé', 'François', 'Mårten', 'José', 'Chloë', 'Łukasz', 'Ayşe', 'Renée', 'Søren', 'Noël'),
              ' ', ELT(1 + (seq DIV 10) % 8, 'Dupont', 'Müller', 'García', 'Nguyễn', 'O''Brien', 'Dvořák', 'Smith', 'Çelik')),
       IF(seq % 7 = 0, NULL, ELT(1 + seq % 6, 'Besançon', 'Zürich', 'Kraków', 'São Paulo', 'Reykjavík', 'Lyon')),
       ELT(1 + seq % 3, 'standard', 'silver', 'gold'),
       MAKE_SET(seq % 8, 'promotions', 'news', 'partners'),
       '2021-01-01 08:00:00' + INTERVAL seq * 97 MINUTE, '2024-03-01 12:00:00' + INTERVAL seq MINUTE
     FROM seq_1_to_${customers}`,
    `INSERT INTO products (sku, name, description, price, stock, status, created_at)
     SELECT CONCAT('SKU-', LPAD(seq, 6, '0')),
       CONCAT(ELT(1 + seq % 8, 'Café moulu', 'Thé vert', 'Crème brûlée kit', 'Piñata', 'Smørrebrød plate',
              'Mug ☕', 'Lampe fusée 🚀', 'Bière artisanale 🍺'), ' n°', seq),
       IF(seq % 5 = 0, NULL, CONCAT('Qualité supérieure, livré en 48 h ✅ — lot ', seq)),
       ROUND(1 + (seq * 3779 % 20000) / 100, 2), 1000000,
       ELT(1 + (seq % 10 = 0) + (seq % 25 = 0), 'active', 'discontinued', 'draft'),
       '2020-06-01 00:00:00' + INTERVAL seq HOUR
     FROM seq_1_to_${products}`,
    `INSERT INTO orders (customer_id, status, placed_at, updated_at, note)
     SELECT 1 + seq % ${customers}, ELT(1 + seq % 5, 'pending', 'paid', 'shipped', 'cancelled', 'refunded'),
       '2022-01-01 00:00:00.000' + INTERVAL seq * 1337 SECOND + INTERVAL seq % 1000 * 1000 MICROSECOND,
       '2024-06-01 00:00:00' + INTERVAL seq SECOND,
       IF(seq % 9 = 0, 'Livraison après 18 h 🙏, sonnez fort', NULL)
     FROM seq_1_to_${orders}`,
    // The big table: one INSERT ... SELECT is one transaction and one commit.
    `INSERT INTO order_items (order_id, product_id, quantity, unit_price)
     SELECT 1 + (s.seq - 1) % ${orders}, p.id, 1 + s.seq % 4, p.price
     FROM seq_1_to_${rows} s JOIN products p ON p.id = 1 + (s.seq * 7919) % ${products}`,
    // Assigning updated_at to itself stops ON UPDATE from stamping the seed time.
    `UPDATE orders o JOIN (SELECT order_id, SUM(quantity * unit_price) AS t FROM order_items GROUP BY order_id) x
       ON x.order_id = o.id SET o.total = x.t, o.updated_at = o.updated_at`,
    // Created after the bulk load, as a dump does, so the load skips 100k trigger calls.
    `CREATE DEFINER = ${definer} TRIGGER trg_order_items_stock AFTER INSERT ON order_items FOR EACH ROW
     BEGIN
       UPDATE products SET stock = stock - NEW.quantity WHERE id = NEW.product_id;
       INSERT INTO stock_movements (product_id, delta, reason) VALUES (NEW.product_id, -NEW.quantity, 'sale');
     END`,
    `CREATE DEFINER = ${definer} FUNCTION order_total(p_order INT UNSIGNED) RETURNS DECIMAL(12,2)
     READS SQL DATA DETERMINISTIC
     RETURN (SELECT COALESCE(SUM(quantity * unit_price), 0) FROM order_items WHERE order_id = p_order)`,
    `CREATE DEFINER = ${definer} PROCEDURE place_order(IN p_customer INT UNSIGNED, IN p_product INT UNSIGNED,
       IN p_quantity SMALLINT UNSIGNED, OUT p_order INT UNSIGNED)
     MODIFIES SQL DATA
     BEGIN
       DECLARE v_price DECIMAL(10,2);
       -- Read the price first: the stock trigger updates products, which an
       -- INSERT ... SELECT FROM products would forbid (error 1442).
       SELECT price INTO v_price FROM products WHERE id = p_product;
       INSERT INTO orders (customer_id, placed_at) VALUES (p_customer, NOW(3));
       SET p_order = LAST_INSERT_ID();
       INSERT INTO order_items (order_id, product_id, quantity, unit_price)
         VALUES (p_order, p_product, p_quantity, v_price);
       UPDATE orders SET total = order_total(p_order) WHERE id = p_order;
     END`,
    `CREATE DEFINER = ${definer} SQL SECURITY DEFINER VIEW customer_order_summary AS
     SELECT c.id AS customer_id, c.full_name, c.tier, COUNT(o.id) AS order_count,
       COALESCE(SUM(o.total), 0) AS total_spent, MAX(o.placed_at) AS last_order_at
     FROM customers c LEFT JOIN orders o ON o.customer_id = c.id AND o.status <> 'cancelled'
     GROUP BY c.id, c.full_name, c.tier`,
  ];
}
