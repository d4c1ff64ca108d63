/** How each column is framed in the exact row hash (checksum.ts rowHashSql) and its streamed twin (stream-checksum.ts). */
import type { ColumnInfo } from '../copier/catalog.ts';

/**
 * Types whose text form is self-delimiting: digits, signs, '.', 'e', and the
 * '-', ':' and ' ' of dates and times, never a ',' and never starting with
 * 'N'. Such a field is hashed as `<text>,` with no length prefix: computing
 * the prefix costs a second conversion of the value to text per column and
 * row (about a third of the frozen pass's row hash), and the field stays
 * unambiguous, since a reader knowing the column types stops at the ','.
 */
const SELF_DELIMITED = new Set([
  'tinyint', 'smallint', 'mediumint', 'int', 'integer', 'bigint', 'decimal', 'numeric', 'double', 'real', 'float', 'year',
  'date', 'datetime', 'timestamp', 'time',
]);

/** Types whose LENGTH() is the byte length of their `CAST(... AS BINARY)` (strings in their own charset): no cast needed for the prefix. */
const LENGTH_IS_BYTES = new Set([
  'char', 'varchar', 'binary', 'varbinary', 'tinytext', 'text', 'mediumtext', 'longtext',
  'tinyblob', 'blob', 'mediumblob', 'longblob', 'enum', 'set', 'json',
]);

/** Whether LENGTH(col) gives the bytes of `CAST(col AS BINARY)`. */
export function lengthIsBytes(column: ColumnInfo): boolean {
  return LENGTH_IS_BYTES.has(column.dataType);
}

/** Whether a column's field is hashed as `<text>,` (self-delimiting) or `<length>:<bytes>`; StreamChecksum frames it alike. */
export function isSelfDelimited(column: ColumnInfo): boolean {
  return SELF_DELIMITED.has(column.dataType);
}

