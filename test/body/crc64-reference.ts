/** A bit-at-a-time CRC-64/XZ written straight from its definition (spec §5.3), to check the fast one. */
const POLY = 0xc96c5795d7870f42n;
const ONES = 0xffffffffffffffffn;

export function naiveCrc64(data: Uint8Array, init = 0n): bigint {
  let reg = init ^ ONES;
  for (const byte of data) {
    reg ^= BigInt(byte);
    for (let bit = 0; bit < 8; bit++) reg = (reg & 1n) === 1n ? (reg >> 1n) ^ POLY : reg >> 1n;
  }
  return reg ^ ONES;
}
