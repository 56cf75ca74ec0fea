import { describe, expect, it } from 'vitest';
import { createRng } from '../src/features/demo/demo.generator.ts';
import { type GuaranteeLink, guaranteeCircles, guaranteePosition } from '../src/graph/guarantees.ts';

const L = (pairs: [number, number][]): GuaranteeLink[] =>
  pairs.map(([guarantor, guaranteed]) => ({ guarantor, guaranteed }));

describe('guarantee circles', () => {
  it.each([
    ['no links', [], []],
    [
      'a chain is not a circle',
      [
        [1, 2],
        [2, 3],
      ],
      [],
    ],
    [
      'mutual guarantee',
      [
        [1, 2],
        [2, 1],
      ],
      [[1, 2]],
    ],
    [
      'triangle with a tail',
      [
        [1, 2],
        [2, 3],
        [3, 1],
        [3, 4],
        [5, 1],
      ],
      [[1, 2, 3]],
    ],
    [
      'two circles joined one way stay two',
      [
        [1, 2],
        [2, 1],
        [2, 3],
        [3, 4],
        [4, 3],
      ],
      [
        [1, 2],
        [3, 4],
      ],
    ],
    [
      'figure eight is one circle',
      [
        [1, 2],
        [2, 1],
        [2, 3],
        [3, 2],
      ],
      [[1, 2, 3]],
    ],
    ['self-guarantee', [[7, 7]], [[7]]],
  ] as [string, [number, number][], number[][]][])('%s', (_name, pairs, expected) => {
    expect(guaranteeCircles(L(pairs))).toEqual(expected);
  });

  it('finds every planted cycle in a large random forest of chains', () => {
    // Plant 200 disjoint cycles of length 2–8 among 100,000 nodes, then add 150,000 acyclic
    // links that only point from lower to higher ids outside the cycles (they cannot close one).
    const rng = createRng(9);
    const planted: number[][] = [];
    let nextNode = 1_000_000;
    const links: GuaranteeLink[] = [];
    for (let c = 0; c < 200; c++) {
      const size = rng.int(2, 8);
      const members = Array.from({ length: size }, () => nextNode++);
      for (const [i, m] of members.entries())
        links.push({ guarantor: m, guaranteed: members[(i + 1) % size]! });
      planted.push(members);
    }
    for (let i = 0; i < 150_000; i++) {
      const a = rng.int(1, 99_999);
      const b = rng.int(a + 1, 100_000);
      links.push({ guarantor: a, guaranteed: b });
      // Hang chains off the cycles too: into a cycle from the forest, and out of it to nodes
      // that guarantee no one (so no new cycle can close through them).
      if (i % 1000 === 0) {
        const member = planted[i % planted.length]![0]!;
        links.push({ guarantor: a, guaranteed: member }, { guarantor: member, guaranteed: 500_000 + i });
      }
    }
    const found = guaranteeCircles(links);
    expect(found.map((c) => c.join(',')).sort()).toEqual(
      planted.map((c) => [...c].sort((x, y) => x - y).join(',')).sort(),
    );
  });

  it('a client in a circle: the circle, who is exposed upstream, and the chain it guarantees', () => {
    // 9 → 1 → 2 → 3 → 1 ; 3 → 4 → 5 ; 8 → 9
    const links = L([
      [9, 1],
      [1, 2],
      [2, 3],
      [3, 1],
      [3, 4],
      [4, 5],
      [8, 9],
    ]);
    expect(guaranteePosition(2, links)).toEqual({
      circle: [1, 2, 3],
      exposedGuarantors: [8, 9],
      guaranteedChain: [4, 5],
    });
    expect(guaranteePosition(4, links)).toEqual({
      circle: [],
      exposedGuarantors: [1, 2, 3, 8, 9],
      guaranteedChain: [5],
    });
    expect(guaranteePosition(42, links)).toEqual({ circle: [], exposedGuarantors: [], guaranteedChain: [] });
  });
});
