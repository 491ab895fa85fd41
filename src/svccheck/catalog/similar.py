"""Items whose criteria say nearly the same thing — one fact that a checklist could deduct twice.

Similarity is the Dice coefficient of the two criteria's character bigrams (zh text, with
punctuation and spaces dropped): 2·|A∩B| / (|A|+|B|). Bigrams suit Chinese, which has no word
breaks, and need no dictionary. Each criterion's bigrams are held as the bits of one int, so a
pair costs an AND and a popcount: the bundled library's few hundred items compare in a few ms.

Only pairs that could deduct the same finding are compared: two items of the same role, or a
zone item (role `branch`) with any item. Two people's roles cannot: a finding names one person,
whose role picks one item — so a teller's and a lobby manager's "no arguing" are not twins.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

# At 0.5 the pairs the 2026.1 review found lexically (the two self-service machine items, the
# same "no arguing" words within one role) are caught, and a role's items that merely share
# stock phrases (客户, 服务, 主动) are not.
THRESHOLD = 0.5
PLACE_ROLE = "branch"

_NOT_TEXT = re.compile(r"[\W_]+")


class Criterion(NamedTuple):
    id: str
    role: str
    text: str  # the zh criterion


class Twins(NamedTuple):
    first: str
    second: str
    similarity: float


def near_duplicates(criteria: Iterable[Criterion], threshold: float = THRESHOLD) -> list[Twins]:
    """Every comparable pair at or above `threshold`, in the order the items came."""
    texts = []
    for order, criterion in enumerate(criteria):
        text = _NOT_TEXT.sub("", criterion.text)
        grams = {text[i : i + 2] for i in range(len(text) - 1)}
        if grams:
            texts.append((order, criterion, grams))
    # Only a bigram two criteria share can count: the others get no bit (shorter ints, faster
    # ANDs), but still count in each criterion's size.
    seen: set[str] = set()
    shared: set[str] = set()
    for *_, grams in texts:
        shared |= seen & grams
        seen |= grams
    bits = {gram: 1 << n for n, gram in enumerate(shared)}
    prepared: list[tuple[int, Criterion, int, int]] = []
    for order, criterion, grams in texts:
        mask = 0
        for gram in grams & shared:
            mask |= bits[gram]
        prepared.append((order, criterion, mask, len(grams)))
    roles: dict[str, list[tuple[int, Criterion, int, int]]] = {}
    for entry in prepared:
        roles.setdefault(entry[1].role, []).append(entry)
    places = roles.pop(PLACE_ROLE, [])
    found: list[tuple[int, int, Twins]] = []
    for group in roles.values():  # a role's items among themselves
        found += _pairs(group, group, threshold, same=True)
    found += _pairs(places, places, threshold, same=True)
    others = [entry for group in roles.values() for entry in group]
    found += _pairs(places, others, threshold, same=False)  # a zone item with any item
    return [twins for *_, twins in sorted(found, key=lambda f: (f[0], f[1]))]


def _pairs(
    left: list[tuple[int, Criterion, int, int]],
    right: list[tuple[int, Criterion, int, int]],
    threshold: float,
    *,
    same: bool,
) -> list[tuple[int, int, Twins]]:
    """The pairs of `left` × `right` (each pair once when they are the same list) at or above
    the threshold: one list comprehension of AND-and-popcount per item, no per-pair call."""
    masks = [entry[2] for entry in right]
    sizes = [entry[3] for entry in right]
    found = []
    for index, (order_a, a, mask_a, size_a) in enumerate(left):
        start = index + 1 if same else 0
        shared = map(int.bit_count, map(mask_a.__and__, masks[start:]))
        hits = [
            j
            for j, common in enumerate(shared, start)
            if 2 * common >= threshold * (size_a + sizes[j])
        ]
        for j in hits:
            order_b, b, _, size_b = right[j]
            common = (mask_a & masks[j]).bit_count()
            first, second = (a, b) if order_a < order_b else (b, a)
            twins = Twins(first.id, second.id, 2 * common / (size_a + size_b))
            found.append((min(order_a, order_b), max(order_a, order_b), twins))
    return found
