/**
 * The payees a client has paid before, least recently used forgotten first: an open-addressing
 * table of numbers (no strings, no allocation per lookup), each slot a pair (payee, last use).
 *
 * A payee is the first ten characters of the counterparty account's blind index (base64url of an
 * HMAC: 60 uniform bits) folded to 52 bits (`payeeId`), so it is held exactly by a double. Two
 * payees of one client are taken for one with a chance of about 512 in 2^52.
 */
export type Payees = {
  /** Interleaved slots: [payee, last use, payee, last use, …]; payee 0 marks a free slot. */
  slots: Float64Array;
  count: number;
  /** Advances with every use: the order of last use. */
  clock: number;
};

/** Base64url character → its six bits (other characters: their code modulo 64). */
const SIXBITS = new Uint8Array(128);
{
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  for (let c = 0; c < 128; c++) SIXBITS[c] = c & 63;
  for (let i = 0; i < alphabet.length; i++) SIXBITS[alphabet.charCodeAt(i)] = i;
}

const TWO_22 = 4_194_304;

/** A payee's number (never 0) from its counterparty key: the key's first ten characters, folded. */
export function payeeId(key: string): number {
  let a = 0;
  let b = 0;
  const n = Math.min(10, key.length);
  for (let i = 0; i < n; i++) {
    const v = SIXBITS[key.charCodeAt(i) & 127]!;
    if (i < 5) a = a * 64 + v;
    else b = b * 64 + v;
  }
  // 30 bits of the first five characters above 22 bits of the last five (their top eight
  // folded in), plus one so that no payee is 0.
  return a * TWO_22 + ((b ^ (b >>> 22)) & (TWO_22 - 1)) + 1;
}

const MIN_SLOTS = 16;

export function newPayees(slots = MIN_SLOTS): Payees {
  return { slots: new Float64Array(2 * slots), count: 0, clock: 0 };
}

/** The slot a payee starts probing at: its low bits (already uniform). */
function home(id: number, mask: number): number {
  return (id % (mask + 1)) & mask;
}

function find(p: Payees, id: number): number {
  const slots = p.slots;
  const mask = slots.length / 2 - 1;
  let i = home(id, mask);
  for (;;) {
    const k = slots[2 * i]!;
    if (k === id || k === 0) return i;
    i = (i + 1) & mask;
  }
}

function put(p: Payees, id: number, used: number): void {
  const i = find(p, id);
  if (p.slots[2 * i] === 0) p.count += 1;
  p.slots[2 * i] = id;
  p.slots[2 * i + 1] = used;
}

/** Takes the slot of index `i` out, moving later payees of its probe run back (no tombstones). */
function removeAt(p: Payees, i: number): void {
  const slots = p.slots;
  const mask = slots.length / 2 - 1;
  let hole = i;
  let j = i;
  for (;;) {
    j = (j + 1) & mask;
    const k = slots[2 * j]!;
    if (k === 0) break;
    const h = home(k, mask);
    // The payee at j may fill the hole when its home is not in (hole, j] cyclically.
    const between = hole <= j ? h > hole && h <= j : h > hole || h <= j;
    if (between) continue;
    slots[2 * hole] = k;
    slots[2 * hole + 1] = slots[2 * j + 1]!;
    hole = j;
  }
  slots[2 * hole] = 0;
  slots[2 * hole + 1] = 0;
  p.count -= 1;
}

function grow(p: Payees): void {
  const old = p.slots;
  p.slots = new Float64Array(old.length * 2);
  p.count = 0;
  for (let i = 0; i < old.length; i += 2) if (old[i] !== 0) put(p, old[i]!, old[i + 1]!);
}

/**
 * Records a payment to `id` and tells whether the payee was known. Beyond `limit` payees the one
 * least recently paid is forgotten.
 */
export function touchPayee(p: Payees, id: number, limit: number): boolean {
  p.clock += 1;
  const i = find(p, id);
  if (p.slots[2 * i] === id) {
    p.slots[2 * i + 1] = p.clock;
    return true;
  }
  if (p.count >= limit) {
    forgetOldest(p);
    put(p, id, p.clock);
    return false;
  }
  p.slots[2 * i] = id;
  p.slots[2 * i + 1] = p.clock;
  p.count += 1;
  // At most half full: probe runs stay short.
  if (2 * p.count > p.slots.length / 2) grow(p);
  return false;
}

function forgetOldest(p: Payees): void {
  const slots = p.slots;
  let oldest = -1;
  let at = Number.POSITIVE_INFINITY;
  for (let i = 0; i < slots.length; i += 2)
    if (slots[i] !== 0 && slots[i + 1]! < at) {
      at = slots[i + 1]!;
      oldest = i / 2;
    }
  if (oldest >= 0) removeAt(p, oldest);
}

export function hasPayee(p: Payees, id: number): boolean {
  return p.slots[2 * find(p, id)] === id;
}

/** The payees, least recently paid first. */
export function payeeList(p: Payees): number[] {
  const pairs = payeePairs(p);
  const out: number[] = [];
  for (let i = 0; i < pairs.length; i += 2) out.push(pairs[i]!);
  return out;
}

/**
 * The payees with their last use, least recently paid first: [payee, last use, payee, last use, …].
 * Sorted natively (last use × slots + slot, in one typed array), not with a comparator.
 */
export function payeePairs(p: Payees): Float64Array {
  const size = p.slots.length / 2;
  const keys = new Float64Array(p.count);
  let k = 0;
  for (let i = 0; i < p.slots.length; i += 2)
    if (p.slots[i] !== 0) keys[k++] = p.slots[i + 1]! * size + i / 2;
  keys.sort();
  const out = new Float64Array(2 * p.count);
  for (let j = 0; j < k; j++) {
    const slot = keys[j]! % size;
    out[2 * j] = p.slots[2 * slot]!;
    out[2 * j + 1] = p.slots[2 * slot + 1]!;
  }
  return out;
}

/** A table from `payeePairs`: the same payees, the same order of last use. */
export function payeesOfPairs(pairs: ArrayLike<number>): Payees {
  let slots = MIN_SLOTS;
  while (slots < pairs.length + 2) slots *= 2;
  const p = newPayees(slots);
  for (let i = 0; i < pairs.length; i += 2) {
    put(p, pairs[i]!, pairs[i + 1]!);
    if (pairs[i + 1]! > p.clock) p.clock = pairs[i + 1]!;
  }
  return p;
}
