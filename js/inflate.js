// A small synchronous raw-DEFLATE (RFC 1951) decoder, used once at import time to unpack the
// embedded WebAssembly module (browsers only offer DecompressionStream, which is async).
// Input: Uint8Array of raw deflate data; outputLength: the exact size of the result.

const FAST_BITS = 10;

function Tree() {
  this.counts = new Uint16Array(16);
  this.symbols = new Uint16Array(288);
  // Lookup by the next FAST_BITS input bits: (symbol << 4) | length, 0 when the code is longer.
  this.fast = new Uint16Array(1 << FAST_BITS);
}

function build(tree, lengths, offset, n) {
  const counts = tree.counts;
  counts.fill(0);
  for (let i = 0; i < n; i++) counts[lengths[offset + i]]++;
  counts[0] = 0;
  const offs = new Uint16Array(16);
  for (let i = 1, sum = 0; i < 16; i++) {
    offs[i] = sum;
    sum += counts[i];
  }
  for (let i = 0; i < n; i++) {
    const len = lengths[offset + i];
    if (len) tree.symbols[offs[len]++] = i;
  }
  // Canonical codes, bit-reversed (deflate sends Huffman codes most significant bit first).
  const fast = tree.fast;
  fast.fill(0);
  const next = new Uint16Array(16);
  for (let len = 1, code = 0; len < 16; len++) {
    next[len] = code;
    code = (code + counts[len]) << 1;
  }
  for (let i = 0; i < n; i++) {
    const len = lengths[offset + i];
    if (!len) continue;
    const code = next[len]++;
    if (len > FAST_BITS) continue;
    let rev = 0;
    for (let b = 0; b < len; b++) rev |= ((code >> b) & 1) << (len - 1 - b);
    for (let j = rev; j < 1 << FAST_BITS; j += 1 << len) fast[j] = (i << 4) | len;
  }
}

const LENGTH_BASE = new Uint16Array([3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]);
const LENGTH_EXTRA = new Uint8Array([0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]);
const DIST_BASE = new Uint16Array([1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577]);
const DIST_EXTRA = new Uint8Array([0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]);
const CLEN_ORDER = new Uint8Array([16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]);

export function inflateRaw(src, outputLength) {
  const out = new Uint8Array(outputLength);
  let pos = 0; // input byte position
  let bitBuf = 0;
  let bitCnt = 0;
  let o = 0; // output position

  function bits(n) {
    while (bitCnt < n) {
      if (pos >= src.length) throw new Error("inflate: unexpected end of data");
      bitBuf |= src[pos++] << bitCnt;
      bitCnt += 8;
    }
    const v = bitBuf & ((1 << n) - 1);
    bitBuf >>>= n;
    bitCnt -= n;
    return v;
  }

  function decode(tree) {
    while (bitCnt < FAST_BITS && pos < src.length) {
      bitBuf |= src[pos++] << bitCnt;
      bitCnt += 8;
    }
    const entry = tree.fast[bitBuf & ((1 << FAST_BITS) - 1)];
    const len = entry & 15;
    if (entry !== 0 && len <= bitCnt) {
      bitBuf >>>= len;
      bitCnt -= len;
      return entry >> 4;
    }
    return decodeSlow(tree);
  }

  function decodeSlow(tree) {
    let code = 0, first = 0, index = 0;
    for (let len = 1; len < 16; len++) {
      code |= bits(1);
      const count = tree.counts[len];
      if (code - count < first) return tree.symbols[index + (code - first)];
      index += count;
      first += count;
      first <<= 1;
      code <<= 1;
    }
    throw new Error("inflate: bad code");
  }

  const lit = new Tree();
  const dist = new Tree();
  const lengths = new Uint8Array(288 + 32);
  const fixedLit = new Tree();
  const fixedDist = new Tree();
  {
    for (let i = 0; i < 144; i++) lengths[i] = 8;
    for (let i = 144; i < 256; i++) lengths[i] = 9;
    for (let i = 256; i < 280; i++) lengths[i] = 7;
    for (let i = 280; i < 288; i++) lengths[i] = 8;
    build(fixedLit, lengths, 0, 288);
    lengths.fill(5, 0, 30);
    build(fixedDist, lengths, 0, 30);
  }

  function block(lt, dt) {
    for (;;) {
      const sym = decode(lt);
      if (sym < 256) {
        out[o++] = sym;
      } else if (sym === 256) {
        return;
      } else {
        const li = sym - 257;
        const len = LENGTH_BASE[li] + bits(LENGTH_EXTRA[li]);
        const di = decode(dt);
        const d = DIST_BASE[di] + bits(DIST_EXTRA[di]);
        if (d > o) throw new Error("inflate: distance too far back");
        for (let i = 0; i < len; i++, o++) out[o] = out[o - d];
      }
    }
  }

  let last = 0;
  while (!last) {
    last = bits(1);
    const type = bits(2);
    if (type === 0) {
      bitBuf = 0;
      bitCnt = 0;
      const len = src[pos] | (src[pos + 1] << 8);
      pos += 4;
      out.set(src.subarray(pos, pos + len), o);
      pos += len;
      o += len;
    } else if (type === 1) {
      block(fixedLit, fixedDist);
    } else if (type === 2) {
      const hlit = bits(5) + 257;
      const hdist = bits(5) + 1;
      const hclen = bits(4) + 4;
      lengths.fill(0, 0, 19);
      for (let i = 0; i < hclen; i++) lengths[CLEN_ORDER[i]] = bits(3);
      const clen = new Tree();
      build(clen, lengths, 0, 19);
      let n = 0;
      while (n < hlit + hdist) {
        const sym = decode(clen);
        if (sym < 16) {
          lengths[n++] = sym;
        } else {
          let rep, val = 0;
          if (sym === 16) {
            val = lengths[n - 1];
            rep = 3 + bits(2);
          } else if (sym === 17) {
            rep = 3 + bits(3);
          } else {
            rep = 11 + bits(7);
          }
          while (rep--) lengths[n++] = val;
        }
      }
      build(lit, lengths, 0, hlit);
      build(dist, lengths, hlit, hdist);
      block(lit, dist);
    } else {
      throw new Error("inflate: bad block type");
    }
  }
  if (o !== outputLength) throw new Error("inflate: wrong output length");
  return out;
}
