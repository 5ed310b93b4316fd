"""Ordering: the plan's step order from the natural order and the waits.

The natural order: phases run discover → finance → social → commerce → life → other
→ after-care (`Phase.order`); inside a phase the per-number look-ups come first
(soonest re-issue first), then accounts, riskiest first, each in its platform's own
step order (`templates.sort_key`). A step is never placed before a step it waits on:
the order is a topological sort that always takes the earliest available step, so a
blocked step lands right after its last blocker. A cycle of waits (only possible with
contradictory data) is broken by keeping the earliest step in its own place and
dropping its waits on later steps.

Steps are "nids" here: ints indexing the build's flat per-step arrays (`layout.Layout`).
"""

from __future__ import annotations

import heapq
from array import array
from collections.abc import Sequence
from typing import TYPE_CHECKING

from acctexit.domain import reasons as R
from acctexit.domain.models import Words

if TYPE_CHECKING:
    from acctexit.domain.plan.layout import Owner


def order_steps(ranked: array[int], blockers: dict[int, list[int]]) -> array[int] | None:
    """The topological order that always takes the available step with the smallest
    sort key (Kahn's algorithm with a min-heap); None on a cycle.

    Most steps wait on nothing, or only on steps with smaller sort keys that themselves
    wait only "forwards": such a step is available by the time its sort key comes up,
    so these stream in sort order, copied in runs. Only the steps downstream of a
    backward wait (a blocker with a larger sort key: a step forced into a later phase,
    and every cycle) are "held" and go through the heap, each freed when its last
    blocker is out; the stream stops only at held steps (skipped) and at the blockers
    they wait on. `ranked` is every nid in sort-key order; the heap holds positions in
    it: small ints.
    """
    if not blockers:
        return ranked
    rank = positions(ranked)
    # The late steps (a backward wait) and everything downstream of them. In sort order
    # a step's forward blockers are decided before it, so one pass finds them all
    # without the reverse graph (at 10,000 accounts that was the build's peak memory).
    held: set[int] = set()
    for w in sorted(blockers, key=rank.__getitem__):
        own = rank[w]
        for b in blockers[w]:  # a plain loop: twice as fast as any() over a generator
            if rank[b] >= own or b in held:
                held.add(w)
                break
    if not held:  # nothing waits backwards: the sort order is the order
        return ranked
    waiters: dict[int, list[int]] = {}  # blocker -> the held steps waiting on it
    for w in held:
        for b in blockers[w]:
            waiters.setdefault(b, []).append(w)
    indeg = {w: len(blockers[w]) for w in held}
    freeing = {b for w in held for b in blockers[w] if b not in held}
    stops = sorted([rank[nid] for nid in held] + [rank[nid] for nid in freeing])
    stops.append(count := len(ranked))
    heap: list[int] = []
    order = array("i")
    i = t = 0
    while i < count or heap:
        stop = stops[t]
        if i == stop < count and ranked[i] in held:  # comes out of the heap once freed
            i += 1
            t += 1
            continue
        end = min(stop, heap[0]) if heap else stop
        if end > i:  # a run that frees nothing and comes before the heap's top
            order += ranked[i:end]
            i = end
            continue
        if heap and heap[0] < i:
            nid = ranked[heapq.heappop(heap)]
        else:  # ranked[i] frees a held step
            nid = ranked[i]
            i += 1
            t += 1
        order.append(nid)
        for w in waiters.get(nid, ()):
            if w in held:
                left = indeg[w] - 1
                indeg[w] = left
                if left == 0:
                    heapq.heappush(heap, rank[w])
    return order if len(order) == len(ranked) else None


def positions(ranked: array[int]) -> array[int]:
    """nid -> its place in `ranked` (a permutation of the nids). An array, not a dict:
    at 10,000 accounts the dict and its 46,000 int objects were the build's peak."""
    rank = array("i", bytes(4 * len(ranked)))
    for i, nid in enumerate(ranked):
        rank[nid] = i
    return rank


def all_blockers(
    owners: list[Owner], first: int, extra: dict[int, tuple[Sequence[int], list[Words]]]
) -> dict[int, list[int]]:
    """Every step's blockers: its template's, or `extra`'s. `first` is the nid of the
    first account step."""
    blockers: dict[int, list[int]] = {}
    base = first
    while base < len(owners):  # account by account
        t = owners[base].template
        assert t is not None
        for i, (ids, _why) in t.wait_of.items():
            blockers[base + i] = [base + j for j in ids]
        base += len(t.ids)
    for nid, (waits, _texts) in extra.items():
        blockers[nid] = list(waits)
    return blockers


def running_max(values: bytes) -> bytearray:
    """The highest value up to each place. Phase orders are few (0–6), so that rises at
    most six times, where a higher value first shows: found by `bytes.find`, with no
    Python code per place (`accumulate(values, max)` calls max 46,000 times)."""
    out = bytearray(len(values))  # zeros: the lowest value there is
    top = 0
    for i, v in sorted((values.find(v), v) for v in set(values)):
        if v > top:
            top = v
            out[i:] = bytes((v,)) * (len(values) - i)
    return out


def break_cycles(
    ranked: array[int], blockers: dict[int, list[int]], texts: dict[int, list[Words]]
) -> None:
    """Make the blocker graph acyclic (only contradictory data makes cycles).

    Inside each strongly connected component, a step keeps only the waits on
    steps that come earlier in the natural order; the dropped waits are noted.
    Iterative Tarjan, O(steps + waits).
    """
    rank = dict(zip(ranked, range(len(ranked)), strict=True))
    index: dict[int, int] = {}
    low: dict[int, int] = {}
    on_stack: set[int] = set()
    stack: list[int] = []
    counter = 0
    none: list[int] = []
    for root in sorted(blockers):
        if root in index or not blockers[root]:
            continue
        work: list[tuple[int, int]] = [(root, 0)]
        while work:
            v, i = work.pop()
            if i == 0:
                index[v] = low[v] = counter
                counter += 1
                stack.append(v)
                on_stack.add(v)
            waits = blockers.get(v, none)
            recurse = False
            while i < len(waits):
                w = waits[i]
                i += 1
                if w not in index:
                    work.append((v, i))
                    work.append((w, 0))
                    recurse = True
                    break
                if w in on_stack:
                    low[v] = min(low[v], index[w])
            if recurse:
                continue
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[v])
            if low[v] == index[v]:
                component: list[int] = []
                while True:
                    w = stack.pop()
                    on_stack.discard(w)
                    component.append(w)
                    if w == v:
                        break
                if len(component) > 1:
                    members = set(component)
                    for k in component:
                        waits = blockers.get(k, none)
                        keep = [b for b in waits if b not in members or rank[b] < rank[k]]
                        if len(keep) < len(waits):
                            blockers[k] = keep
                            texts.setdefault(k, []).append(R.CIRCULAR)
