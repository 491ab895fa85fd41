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
from itertools import combinations
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
    bits: dict[str, int] = {}
    prepared: list[tuple[Criterion, int, int]] = []
    for criterion in criteria:
        text = _NOT_TEXT.sub("", criterion.text)
        grams = {text[i : i + 2] for i in range(len(text) - 1)}
        if not grams:
            continue
        mask = 0
        for gram in grams:
            mask |= 1 << bits.setdefault(gram, len(bits))
        prepared.append((criterion, mask, len(grams)))
    found: list[Twins] = []
    for (a, mask_a, size_a), (b, mask_b, size_b) in combinations(prepared, 2):
        if a.role != b.role and PLACE_ROLE not in (a.role, b.role):
            continue
        if 2 * min(size_a, size_b) < threshold * (size_a + size_b):
            continue  # too different in length to reach the threshold
        similarity = 2 * (mask_a & mask_b).bit_count() / (size_a + size_b)
        if similarity >= threshold:
            found.append(Twins(a.id, b.id, similarity))
    return found
