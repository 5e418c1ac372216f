// A decoder for the "LZMA alone" format (the .lzma files of xz/liblzma and
// python3's lzma.FORMAT_ALONE), written for kubeplay from the format's
// description: the release build ships its WebAssembly compressed this way
// (scripts/pack-wasm.py), ~23% smaller than gzip -9, and static/boot.js
// decodes it here before instantiating it.
//
//   decodeLzma(bytes: Uint8Array) -> Uint8Array   (throws Error if corrupt)
//
// Header (13 bytes): the properties byte (lc + 9 * (lp + 5 * pb)), the
// dictionary size (u32 little-endian) and the uncompressed size (u64
// little-endian; all ones = unknown, then the stream ends with an end
// marker). The whole output is the dictionary, so matches copy from it.

const NUM_STATES = 12;
const POS_STATES_MAX = 16;
// Offsets of the probability groups in one Uint16Array.
const IS_MATCH = 0;
const IS_REP = IS_MATCH + NUM_STATES * POS_STATES_MAX;
const IS_REP_G0 = IS_REP + NUM_STATES;
const IS_REP_G1 = IS_REP_G0 + NUM_STATES;
const IS_REP_G2 = IS_REP_G1 + NUM_STATES;
const IS_REP0_LONG = IS_REP_G2 + NUM_STATES;
const POS_SLOT = IS_REP0_LONG + NUM_STATES * POS_STATES_MAX; // 4 trees of 6 bits
const SPEC_POS = POS_SLOT + 4 * 64; // distances 4..127 (slots 4..13)
const ALIGN = SPEC_POS + 114; // the low 4 bits of distances from slot 14
// A length coder: choice, choice2, 16 low trees (3 bits), 16 mid trees
// (3 bits), one high tree (8 bits).
const LEN_CHOICE = 0;
const LEN_CHOICE2 = 1;
const LEN_LOW = 2;
const LEN_MID = LEN_LOW + POS_STATES_MAX * 8;
const LEN_HIGH = LEN_MID + POS_STATES_MAX * 8;
const LEN_SIZE = LEN_HIGH + 256;
const MATCH_LEN = ALIGN + 16;
const REP_LEN = MATCH_LEN + LEN_SIZE;
const LITERAL = REP_LEN + LEN_SIZE; // 0x300 per literal context

const HEADER_SIZE = 13;
// Output cap when the header does not give the size: far above any wasm
// the page could compile, so only a corrupt stream reaches it.
const UNKNOWN_SIZE_LIMIT = 1 << 28;

function corrupt(what) {
  return new Error(`corrupt LZMA data: ${what}`);
}

export function decodeLzma(input) {
  if (!(input instanceof Uint8Array)) throw new TypeError("decodeLzma takes a Uint8Array");
  if (input.length < HEADER_SIZE + 5) throw corrupt("shorter than its header");
  let props = input[0];
  if (props >= 9 * 5 * 5) throw corrupt("bad properties byte");
  const lc = props % 9;
  props = (props / 9) | 0;
  const lp = props % 5;
  const pb = (props / 5) | 0;
  // The size: 8 bytes, all 0xff for "unknown"; above 2^32 is refused.
  let known = false;
  for (let i = 5; i < 13; i++) if (input[i] !== 0xff) known = true;
  let size = 0;
  if (known) {
    if (input[9] | input[10] | input[11] | input[12]) throw corrupt("larger than 4 GiB");
    size = (input[5] | (input[6] << 8) | (input[7] << 16) | (input[8] << 24)) >>> 0;
  }
  let out = new Uint8Array(known ? size : Math.min(UNKNOWN_SIZE_LIMIT, input.length * 4 + 1024));
  const limit = known ? size : UNKNOWN_SIZE_LIMIT;

  const probs = new Uint16Array(LITERAL + (0x300 << (lc + lp))).fill(1024);
  const posMask = (1 << pb) - 1;
  const lpMask = (1 << lp) - 1;

  // The range decoder. range and code are unsigned 32-bit values held in
  // doubles (>>> 0 keeps them unsigned).
  let inPos = HEADER_SIZE;
  if (input[inPos++] !== 0) throw corrupt("the range coder's first byte is not 0");
  let range = 0xffffffff;
  let code = 0;
  for (let i = 0; i < 4; i++) code = ((code << 8) | input[inPos++]) >>> 0;
  const inEnd = input.length;

  function nextByte() {
    if (inPos >= inEnd) throw corrupt("truncated");
    return input[inPos++];
  }
  function bit(i) {
    const p = probs[i];
    const bound = (range >>> 11) * p;
    let b;
    if (code < bound) {
      range = bound;
      probs[i] = p + ((2048 - p) >>> 5);
      b = 0;
    } else {
      range -= bound;
      code -= bound;
      probs[i] = p - (p >>> 5);
      b = 1;
    }
    if (range < 0x1000000) {
      range = (range * 256) >>> 0;
      code = ((code * 256) >>> 0) | nextByte();
      code >>>= 0;
    }
    return b;
  }
  function direct(count) {
    let v = 0;
    while (count-- > 0) {
      range = range >>> 1;
      let b = 0;
      if (code >= range) {
        code -= range;
        b = 1;
      }
      v = ((v << 1) | b) >>> 0;
      if (range < 0x1000000) {
        range = (range * 256) >>> 0;
        code = (((code * 256) >>> 0) | nextByte()) >>> 0;
      }
    }
    return v;
  }
  function tree(base, bits) {
    let m = 1;
    for (let i = 0; i < bits; i++) m = (m << 1) | bit(base + m);
    return m - (1 << bits);
  }
  // Bit-reversed tree: the first bit decoded is the lowest.
  function reverseTree(base, bits) {
    let m = 1;
    let v = 0;
    for (let i = 0; i < bits; i++) {
      const b = bit(base + m);
      m = (m << 1) | b;
      v |= b << i;
    }
    return v;
  }
  // A length, 0-based (add 2 for the match length).
  function length(coder, posState) {
    if (bit(coder + LEN_CHOICE) === 0) return tree(coder + LEN_LOW + posState * 8, 3);
    if (bit(coder + LEN_CHOICE2) === 0) return 8 + tree(coder + LEN_MID + posState * 8, 3);
    return 16 + tree(coder + LEN_HIGH, 8);
  }

  // A distance (0-based: the copy starts dist + 1 back), in the context of
  // the length; 0xffffffff is the end marker.
  function distance(len) {
    const slot = tree(POS_SLOT + (len < 3 ? len : 3) * 64, 6);
    if (slot < 4) return slot;
    const bits = (slot >>> 1) - 1;
    const dist = (2 | (slot & 1)) * 2 ** bits;
    if (slot < 14) return dist + reverseTree(SPEC_POS + dist - slot - 1, bits);
    return dist + direct(bits - 4) * 16 + reverseTree(ALIGN - 1, 4);
  }

  let state = 0;
  let rep0 = 0;
  let rep1 = 0;
  let rep2 = 0;
  let rep3 = 0;
  let pos = 0;
  while (pos < limit) {
    const posState = pos & posMask;
    if (bit(IS_MATCH + state * POS_STATES_MAX + posState) === 0) {
      // A literal, coded in the context of the previous byte's high bits
      // and the position's low bits.
      const prev = pos > 0 ? out[pos - 1] : 0;
      const base = LITERAL + 0x300 * (((pos & lpMask) << lc) + (prev >>> (8 - lc)));
      let sym = 1;
      if (state >= 7) {
        // After a match: the byte at rep0 guides the first bits until
        // they differ.
        if (rep0 >= pos) throw corrupt("distance before the start");
        let match = out[pos - rep0 - 1];
        while (sym < 0x100) {
          const matchBit = (match >>> 7) & 1;
          match <<= 1;
          const b = bit(base + ((1 + matchBit) << 8) + sym);
          sym = (sym << 1) | b;
          if (b !== matchBit) break;
        }
      }
      while (sym < 0x100) sym = (sym << 1) | bit(base + sym);
      if (pos >= out.length) out = grow(out, limit);
      out[pos++] = sym & 0xff;
      state = state < 4 ? 0 : state < 10 ? state - 3 : state - 6;
      continue;
    }
    let len;
    if (bit(IS_REP + state) === 0) {
      // A new distance.
      len = length(MATCH_LEN, posState);
      state = state < 7 ? 7 : 10;
      const dist = distance(len);
      if (dist === 0xffffffff) {
        // The end marker.
        if (known && pos !== size) throw corrupt("end marker before the stated size");
        break;
      }
      rep3 = rep2;
      rep2 = rep1;
      rep1 = rep0;
      rep0 = dist;
    } else {
      // A repeated distance: rep0 (one byte or a length), rep1..rep3.
      if (bit(IS_REP_G0 + state) === 0) {
        if (bit(IS_REP0_LONG + state * POS_STATES_MAX + posState) === 0) {
          if (rep0 >= pos) throw corrupt("distance before the start");
          if (pos >= out.length) out = grow(out, limit);
          out[pos] = out[pos - rep0 - 1];
          pos++;
          state = state < 7 ? 9 : 11;
          continue;
        }
      } else {
        let dist;
        if (bit(IS_REP_G1 + state) === 0) {
          dist = rep1;
        } else {
          if (bit(IS_REP_G2 + state) === 0) {
            dist = rep2;
          } else {
            dist = rep3;
            rep3 = rep2;
          }
          rep2 = rep1;
        }
        rep1 = rep0;
        rep0 = dist;
      }
      len = length(REP_LEN, posState);
      state = state < 7 ? 8 : 11;
    }
    // Copy len + 2 bytes from rep0 + 1 back (overlapping copies repeat).
    if (rep0 >= pos) throw corrupt("distance before the start");
    let n = len + 2;
    if (n > limit - pos) {
      if (known) throw corrupt("longer than the stated size");
      n = limit - pos;
    }
    while (pos + n > out.length) out = grow(out, limit);
    let from = pos - rep0 - 1;
    for (const end = pos + n; pos < end; ) out[pos++] = out[from++];
  }
  if (!known) {
    if (pos >= limit) throw corrupt("no end marker");
    return out.subarray(0, pos);
  }
  // With the size known the end marker is optional; if the stream goes on,
  // what follows must be it (python3 always writes one).
  if (inPos < inEnd) {
    const posState = pos & posMask;
    if (
      bit(IS_MATCH + state * POS_STATES_MAX + posState) !== 1 ||
      bit(IS_REP + state) !== 0 ||
      distance(length(MATCH_LEN, posState)) !== 0xffffffff
    ) {
      throw corrupt("longer than the stated size");
    }
  }
  return out;
}

// Doubles the buffer (up to the limit) for a stream of unknown size.
function grow(out, limit) {
  if (out.length >= limit) throw corrupt("no end marker");
  const bigger = new Uint8Array(Math.min(limit, Math.max(out.length * 2, 1024)));
  bigger.set(out);
  return bigger;
}
