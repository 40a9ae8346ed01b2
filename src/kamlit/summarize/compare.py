"""Which practices sectors share and which are distinctive to one sector."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from kamlit.summarize.features import Signature, cosine, same_practice
from kamlit.summarize.model import ComparisonRow, SectorDigest


def compare_digests(
    digests: Sequence[SectorDigest],
    centroids: Mapping[str, Sequence[Mapping[int, float]]],
    *,
    threshold: float,
    signatures: Mapping[str, Sequence[Signature]] | None = None,
    families: frozenset[str] = frozenset(),
) -> tuple[ComparisonRow, ...]:
    """Group practices of different sectors whose centroids are at least `threshold` similar
    and whose statements state the same action on the same object (`same_practice`, when
    `signatures` are given), or that come from the same statement: most similar pairs first,
    two groups joining only
    when every practice of one is that similar to every practice of the other and no sector
    would appear twice. Every other practice is distinctive to its sector."""
    nodes = [(d.sector, i) for d in digests for i in range(len(d.practices))]
    by_sector = {d.sector: d for d in digests}
    order = {d.sector: n for n, d in enumerate(digests)}
    pairs: list[tuple[float, tuple[str, int], tuple[str, int]]] = []
    similar: set[tuple[tuple[str, int], tuple[str, int]]] = set()
    for a in range(len(nodes)):
        for b in range(a + 1, len(nodes)):
            (sa, ia), (sb, ib) = nodes[a], nodes[b]
            if sa == sb:
                continue
            pa, pb = by_sector[sa].practices[ia], by_sector[sb].practices[ib]
            same = (pa.source.id, pa.source.start) == (pb.source.id, pb.source.start)
            sim = 1.0 if same else cosine(centroids[sa][ia], centroids[sb][ib])
            if (
                not same
                and signatures is not None
                and not same_practice(signatures[sa][ia], signatures[sb][ib], families)
            ):
                continue  # similar words, not the same action on the same object
            if sim >= threshold:
                pairs.append((round(sim, 9), nodes[a], nodes[b]))
                similar.add((nodes[a], nodes[b]))
                similar.add((nodes[b], nodes[a]))
    pairs.sort(key=lambda p: (-p[0], order[p[1][0]], p[1][1], order[p[2][0]], p[2][1]))
    group: dict[tuple[str, int], int] = {node: n for n, node in enumerate(nodes)}
    members: dict[int, list[tuple[str, int]]] = {n: [node] for n, node in enumerate(nodes)}
    for _, left, right in pairs:
        ga, gb = group[left], group[right]
        if ga == gb:
            continue
        sectors_a = {s for s, _ in members[ga]}
        sectors_b = {s for s, _ in members[gb]}
        if sectors_a & sectors_b:
            continue  # each sector appears once per row
        if any((x, y) not in similar for x in members[ga] for y in members[gb]):
            continue  # complete linkage: no chains of loosely related practices
        keep, drop = min(ga, gb), max(ga, gb)
        for node in members[drop]:
            group[node] = keep
        members[keep].extend(members.pop(drop))
    rows = []
    for nodes_of_row in members.values():
        nodes_of_row.sort(key=lambda node: (order[node[0]], node[1]))
        sector, index = nodes_of_row[0]
        head = by_sector[sector].practices[index]
        rows.append(
            (
                -len({s for s, _ in nodes_of_row}),
                order[sector],
                index,
                ComparisonRow(
                    theme=head.theme,
                    statement=head.title,
                    practices={s: i + 1 for s, i in nodes_of_row},
                ),
            )
        )
    rows.sort(key=lambda r: (r[0], r[1], r[2]))
    return tuple(r[3] for r in rows)
