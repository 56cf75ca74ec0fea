/**
 * Guarantee networks (担保圈) as plain graphs. An edge `g → d` means g guarantees d's
 * obligations: if d defaults, g pays. No I/O; nodes are numbers.
 */
export type GuaranteeLink = { guarantor: number; guaranteed: number };

export type Adjacency = { out: Map<number, number[]>; in: Map<number, number[]> };

export function adjacency(links: readonly GuaranteeLink[]): Adjacency {
  const out = new Map<number, number[]>();
  const inn = new Map<number, number[]>();
  for (const { guarantor: g, guaranteed: d } of links) {
    if (!out.has(g)) out.set(g, []);
    if (!inn.has(d)) inn.set(d, []);
    out.get(g)!.push(d);
    inn.get(d)!.push(g);
  }
  return { out, in: inn };
}

/**
 * Strongly connected components with at least two members (or a node guaranteeing itself):
 * the guarantee circles. Iterative Tarjan, O(V + E), safe for deep chains.
 * Example: links 1→2, 2→3, 3→1, 3→4 give [[1, 2, 3]].
 */
export function guaranteeCircles(links: readonly GuaranteeLink[]): number[][] {
  const { out } = adjacency(links);
  const nodes = new Set<number>();
  for (const l of links) {
    nodes.add(l.guarantor);
    nodes.add(l.guaranteed);
  }
  const index = new Map<number, number>();
  const low = new Map<number, number>();
  const onStack = new Set<number>();
  const stack: number[] = [];
  const circles: number[][] = [];
  let next = 0;
  for (const root of nodes) {
    if (index.has(root)) continue;
    // Each frame: node and the position in its successor list.
    const frames: [number, number][] = [[root, 0]];
    index.set(root, next);
    low.set(root, next++);
    stack.push(root);
    onStack.add(root);
    while (frames.length > 0) {
      const frame = frames[frames.length - 1]!;
      const [v, i] = frame;
      const succ = out.get(v) ?? [];
      if (i < succ.length) {
        frame[1] = i + 1;
        const w = succ[i]!;
        if (!index.has(w)) {
          index.set(w, next);
          low.set(w, next++);
          stack.push(w);
          onStack.add(w);
          frames.push([w, 0]);
        } else if (onStack.has(w)) {
          low.set(v, Math.min(low.get(v)!, index.get(w)!));
        }
        continue;
      }
      frames.pop();
      if (frames.length > 0) {
        const parent = frames[frames.length - 1]![0];
        low.set(parent, Math.min(low.get(parent)!, low.get(v)!));
      }
      if (low.get(v) === index.get(v)) {
        const component: number[] = [];
        let w: number;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          component.push(w);
        } while (w !== v);
        const selfLoop = component.length === 1 && (out.get(v) ?? []).includes(v);
        if (component.length > 1 || selfLoop) circles.push(component.sort((a, b) => a - b));
      }
    }
  }
  return circles.sort((a, b) => b.length - a.length || a[0]! - b[0]!);
}

function reach(from: Iterable<number>, step: Map<number, number[]>): Set<number> {
  const seen = new Set<number>();
  const queue = [...from];
  while (queue.length > 0) {
    const v = queue.pop()!;
    for (const w of step.get(v) ?? []) {
      if (!seen.has(w)) {
        seen.add(w);
        queue.push(w);
      }
    }
  }
  return seen;
}

/**
 * Where a client stands in its guarantee network: the circle it belongs to (if any), the
 * guarantors exposed if it or its circle defaults (transitively), and the chain of clients it
 * guarantees (transitively), whose default would fall on it.
 */
export function guaranteePosition(
  client: number,
  links: readonly GuaranteeLink[],
): { circle: number[]; exposedGuarantors: number[]; guaranteedChain: number[] } {
  const adj = adjacency(links);
  const circle = guaranteeCircles(links).find((c) => c.includes(client)) ?? [];
  const base = circle.length > 0 ? circle : [client];
  const inCircle = new Set(base);
  const up = [...reach(base, adj.in)].filter((n) => !inCircle.has(n));
  const down = [...reach(base, adj.out)].filter((n) => !inCircle.has(n));
  return { circle, exposedGuarantors: up.sort((a, b) => a - b), guaranteedChain: down.sort((a, b) => a - b) };
}
