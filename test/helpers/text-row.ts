/** A length-encoded integer as the MariaDB protocol writes it before a string. */
function lengthPrefix(n: number): Buffer {
  if (n < 0xfb) return Buffer.from([n]);
  if (n < 0x10000) return Buffer.from([0xfc, n & 0xff, n >> 8]);
  if (n < 0x1000000) return Buffer.from([0xfd, n & 0xff, (n >> 8) & 0xff, n >> 16]);
  const prefix = Buffer.alloc(9);
  prefix[0] = 0xfe;
  prefix.writeBigUInt64LE(BigInt(n), 1);
  return prefix;
}

/** The text-protocol bytes of one row, as a server sends them: length-encoded fields, 0xFB for NULL. */
export function encodeTextRow(values: readonly (Buffer | null)[]): Buffer {
  return Buffer.concat(values.flatMap((value) => (value === null ? [Buffer.from([0xfb])] : [lengthPrefix(value.length), value])));
}
