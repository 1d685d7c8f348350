"""Maximum weight matching in a general graph: Edmonds' blossom algorithm, primal-dual, O(n^3).

Adapted from NetworkX's `max_weight_matching` (BSD-3-Clause, Copyright (C) 2004-2024 NetworkX
Developers), itself a port of Joris van Rantwijk's mwmatching.py. Kept here because NetworkX is
too large for the Lambda package. Changes: vertices are 0..n-1 with adjacency maps, weights are
integers (so the result is exact and the optimum is verified with integer duals), and the
maximum-cardinality variant is always on (as many pairs as the graph allows, then the highest
total weight).

Copyright notice of the original (BSD-3-Clause): Redistribution and use in source and binary
forms, with or without modification, are permitted provided that the conditions of the NetworkX
license are met (https://github.com/networkx/networkx/blob/main/LICENSE.txt).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

_NO_NODE = -1


class _Blossom:
    """A non-trivial blossom: its children (vertices or blossoms) and the edges joining them."""

    __slots__ = ("childs", "edges", "mybestedges")

    def __init__(self) -> None:
        self.childs: list[Any] = []
        self.edges: list[tuple[int, int]] = []
        self.mybestedges: list[tuple[int, int]] | None = None

    def leaves(self) -> Iterator[int]:
        stack = [*self.childs]
        while stack:
            t = stack.pop()
            if isinstance(t, _Blossom):
                stack.extend(t.childs)
            else:
                yield t


def max_weight_matching(adjacency: Sequence[Mapping[int, int]]) -> list[int]:
    """The mate of each vertex (-1 when unmatched) in a maximum-cardinality matching of greatest
    total weight. `adjacency[v]` maps each neighbour of v to the edge's (integer) weight; it must
    be symmetric."""
    n = len(adjacency)
    gnodes = range(n)
    maxweight = max((w for nbrs in adjacency for w in nbrs.values()), default=0)
    mate: dict[int, int] = {}
    label: dict[Any, int | None] = {}
    labeledge: dict[Any, tuple[int, int] | None] = {}
    inblossom: dict[int, Any] = {v: v for v in gnodes}
    blossomparent: dict[Any, Any] = dict.fromkeys(gnodes)
    blossombase: dict[Any, int] = {v: v for v in gnodes}
    bestedge: dict[Any, tuple[int, int] | None] = {}
    dualvar: dict[int, int] = dict.fromkeys(gnodes, maxweight)
    blossomdual: dict[_Blossom, int] = {}
    allowedge: set[tuple[int, int]] = set()
    queue: list[int] = []

    def slack(v: int, w: int) -> int:
        return dualvar[v] + dualvar[w] - 2 * adjacency[v][w]

    def assign_label(w: int, t: int, v: int | None) -> None:
        b = inblossom[w]
        label[w] = label[b] = t
        labeledge[w] = labeledge[b] = (v, w) if v is not None else None
        bestedge[w] = bestedge[b] = None
        if t == 1:
            if isinstance(b, _Blossom):
                queue.extend(b.leaves())
            else:
                queue.append(b)
        elif t == 2:
            base = blossombase[b]
            assign_label(mate[base], 1, base)

    def scan_blossom(v: int, w: int) -> int:
        path = []
        base = _NO_NODE
        while v != _NO_NODE:
            b = inblossom[v]
            if (label[b] or 0) & 4:
                base = blossombase[b]
                break
            path.append(b)
            label[b] = 5
            edge = labeledge[b]
            if edge is None:
                v = _NO_NODE
            else:
                v = edge[0]
                b = inblossom[v]
                back = labeledge[b]
                assert back is not None
                v = back[0]
            if w != _NO_NODE:
                v, w = w, v
        for b in path:
            label[b] = 1
        return base

    def add_blossom(base: int, v: int, w: int) -> None:
        bb = inblossom[base]
        bv = inblossom[v]
        bw = inblossom[w]
        b = _Blossom()
        blossombase[b] = base
        blossomparent[b] = None
        blossomparent[bb] = b
        path = b.childs
        edgs = b.edges
        edgs.append((v, w))
        while bv != bb:
            blossomparent[bv] = b
            path.append(bv)
            edge = labeledge[bv]
            assert edge is not None
            edgs.append(edge)
            v = edge[0]
            bv = inblossom[v]
        path.append(bb)
        path.reverse()
        edgs.reverse()
        while bw != bb:
            blossomparent[bw] = b
            path.append(bw)
            edge = labeledge[bw]
            assert edge is not None
            edgs.append((edge[1], edge[0]))
            w = edge[0]
            bw = inblossom[w]
        label[b] = 1
        labeledge[b] = labeledge[bb]
        blossomdual[b] = 0
        for leaf in b.leaves():
            if label[inblossom[leaf]] == 2:
                queue.append(leaf)
            inblossom[leaf] = b
        bestedgeto: dict[Any, tuple[int, int]] = {}
        for child in path:
            if isinstance(child, _Blossom):
                if child.mybestedges is not None:
                    nblist = child.mybestedges
                    child.mybestedges = None
                else:
                    nblist = [(x, y) for x in child.leaves() for y in adjacency[x] if x != y]
            else:
                nblist = [(child, y) for y in adjacency[child] if child != y]
            for k in nblist:
                i, j = k
                if inblossom[j] == b:
                    i, j = j, i
                bj = inblossom[j]
                if (
                    bj != b
                    and label.get(bj) == 1
                    and (bj not in bestedgeto or slack(i, j) < slack(*bestedgeto[bj]))
                ):
                    bestedgeto[bj] = k
            bestedge[child] = None
        b.mybestedges = list(bestedgeto.values())
        mybestedge = None
        mybestslack = 0
        for k in b.mybestedges:
            kslack = slack(*k)
            if mybestedge is None or kslack < mybestslack:
                mybestedge = k
                mybestslack = kslack
        bestedge[b] = mybestedge

    def expand_blossom(b: _Blossom, endstage: bool) -> None:
        def recurse(b: _Blossom, endstage: bool) -> Iterator[_Blossom]:
            for s in b.childs:
                blossomparent[s] = None
                if isinstance(s, _Blossom):
                    if endstage and blossomdual[s] == 0:
                        yield s
                    else:
                        for leaf in s.leaves():
                            inblossom[leaf] = s
                else:
                    inblossom[s] = s
            if (not endstage) and label.get(b) == 2:
                entry_edge = labeledge[b]
                assert entry_edge is not None
                entrychild = inblossom[entry_edge[1]]
                j = b.childs.index(entrychild)
                if j & 1:
                    j -= len(b.childs)
                    jstep = 1
                else:
                    jstep = -1
                v, w = entry_edge
                while j != 0:
                    if jstep == 1:
                        p, q = b.edges[j]
                    else:
                        q, p = b.edges[j - 1]
                    label[w] = None
                    label[q] = None
                    assign_label(w, 2, v)
                    allowedge.add((p, q))
                    allowedge.add((q, p))
                    j += jstep
                    if jstep == 1:
                        v, w = b.edges[j]
                    else:
                        w, v = b.edges[j - 1]
                    allowedge.add((v, w))
                    allowedge.add((w, v))
                    j += jstep
                bw = b.childs[j]
                label[w] = label[bw] = 2
                labeledge[w] = labeledge[bw] = (v, w)
                bestedge[bw] = None
                j += jstep
                while b.childs[j] != entrychild:
                    bv = b.childs[j]
                    if label.get(bv) == 1:
                        j += jstep
                        continue
                    if isinstance(bv, _Blossom):
                        for x in bv.leaves():
                            if label.get(x):
                                break
                    else:
                        x = bv
                    if label.get(x):
                        label[x] = None
                        label[mate[blossombase[bv]]] = None
                        edge = labeledge[x]
                        assert edge is not None
                        assign_label(x, 2, edge[0])
                    j += jstep
            label.pop(b, None)
            labeledge.pop(b, None)
            bestedge.pop(b, None)
            del blossomparent[b]
            del blossombase[b]
            del blossomdual[b]

        stack = [recurse(b, endstage)]
        while stack:
            top = stack[-1]
            for s in top:
                stack.append(recurse(s, endstage))
                break
            else:
                stack.pop()

    def augment_blossom(b: _Blossom, v: int) -> None:
        def recurse(b: _Blossom, v: int) -> Iterator[tuple[_Blossom, int]]:
            t = v
            while blossomparent[t] != b:
                t = blossomparent[t]
            if isinstance(t, _Blossom):
                yield (t, v)
            i = j = b.childs.index(t)
            if i & 1:
                j -= len(b.childs)
                jstep = 1
            else:
                jstep = -1
            while j != 0:
                j += jstep
                t = b.childs[j]
                if jstep == 1:
                    w, x = b.edges[j]
                else:
                    x, w = b.edges[j - 1]
                if isinstance(t, _Blossom):
                    yield (t, w)
                j += jstep
                t = b.childs[j]
                if isinstance(t, _Blossom):
                    yield (t, x)
                mate[w] = x
                mate[x] = w
            b.childs = b.childs[i:] + b.childs[:i]
            b.edges = b.edges[i:] + b.edges[:i]
            blossombase[b] = blossombase[b.childs[0]]

        stack = [recurse(b, v)]
        while stack:
            top = stack[-1]
            for args in top:
                stack.append(recurse(*args))
                break
            else:
                stack.pop()

    def augment_matching(v: int, w: int) -> None:
        for s, j in ((v, w), (w, v)):
            while True:
                bs = inblossom[s]
                if isinstance(bs, _Blossom):
                    augment_blossom(bs, s)
                mate[s] = j
                edge = labeledge[bs]
                if edge is None:
                    break
                t = edge[0]
                bt = inblossom[t]
                back = labeledge[bt]
                assert back is not None
                s, j = back
                if isinstance(bt, _Blossom):
                    augment_blossom(bt, j)
                mate[j] = s

    while True:
        label.clear()
        labeledge.clear()
        bestedge.clear()
        for blossom in blossomdual:
            blossom.mybestedges = None
        allowedge.clear()
        queue.clear()
        for v in gnodes:
            if v not in mate and label.get(inblossom[v]) is None:
                assign_label(v, 1, None)
        augmented = False
        while True:
            while queue and not augmented:
                v = queue.pop()
                for w in adjacency[v]:
                    if w == v:
                        continue
                    bv = inblossom[v]
                    bw = inblossom[w]
                    if bv == bw:
                        continue
                    kslack = 0
                    if (v, w) not in allowedge:
                        kslack = slack(v, w)
                        if kslack <= 0:
                            allowedge.add((v, w))
                            allowedge.add((w, v))
                    if (v, w) in allowedge:
                        if label.get(bw) is None:
                            assign_label(w, 2, v)
                        elif label.get(bw) == 1:
                            base = scan_blossom(v, w)
                            if base != _NO_NODE:
                                add_blossom(base, v, w)
                            else:
                                augment_matching(v, w)
                                augmented = True
                                break
                        elif label.get(w) is None:
                            label[w] = 2
                            labeledge[w] = (v, w)
                    elif label.get(bw) == 1:
                        best = bestedge.get(bv)
                        if best is None or kslack < slack(*best):
                            bestedge[bv] = (v, w)
                    elif label.get(w) is None:
                        best = bestedge.get(w)
                        if best is None or kslack < slack(*best):
                            bestedge[w] = (v, w)
            if augmented:
                break

            # No augmenting path with tight edges: change the duals (maximum cardinality: the
            # vertex duals may go negative, no delta of type 1).
            deltatype = -1
            delta = 0
            deltaedge: tuple[int, int] | None = None
            deltablossom: _Blossom | None = None
            for v in gnodes:
                best = bestedge.get(v)
                if label.get(inblossom[v]) is None and best is not None:
                    d = slack(*best)
                    if deltatype == -1 or d < delta:
                        delta, deltatype, deltaedge = d, 2, best
            for b in blossomparent:
                best = bestedge.get(b)
                if blossomparent[b] is None and label.get(b) == 1 and best is not None:
                    d = slack(*best) // 2
                    if deltatype == -1 or d < delta:
                        delta, deltatype, deltaedge = d, 3, best
            for blossom in blossomdual:
                if (
                    blossomparent[blossom] is None
                    and label.get(blossom) == 2
                    and (deltatype == -1 or blossomdual[blossom] < delta)
                ):
                    delta, deltatype, deltablossom = blossomdual[blossom], 4, blossom
            if deltatype == -1:
                # No further improvement possible; the optimum is reached.
                deltatype = 1
                delta = max(0, min(dualvar.values()))
            for v in gnodes:
                vlabel = label.get(inblossom[v])
                if vlabel == 1:
                    dualvar[v] -= delta
                elif vlabel == 2:
                    dualvar[v] += delta
            for blossom in blossomdual:
                if blossomparent[blossom] is None:
                    if label.get(blossom) == 1:
                        blossomdual[blossom] += delta
                    elif label.get(blossom) == 2:
                        blossomdual[blossom] -= delta
            if deltatype == 1:
                break
            if deltatype in (2, 3):
                assert deltaedge is not None
                v, w = deltaedge
                allowedge.add((v, w))
                allowedge.add((w, v))
                queue.append(v)
            elif deltatype == 4:
                assert deltablossom is not None
                expand_blossom(deltablossom, False)
        if not augmented:
            break
        for blossom in list(blossomdual):
            if blossom not in blossomdual:
                continue
            if blossomparent[blossom] is None and label.get(blossom) == 1 and blossomdual[blossom] == 0:
                expand_blossom(blossom, True)
    return [mate.get(v, _NO_NODE) for v in gnodes]
