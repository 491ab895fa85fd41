"""Pausing Python's cycle collector while the pipeline builds many small objects.

Reading, scoring and loading a period from the ledger each make hundreds of thousands of small
objects and no reference cycles. With the cyclic collector on, each collection their
allocations trigger walks every object alive again, for nothing — up to half the time.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused(*, settle: bool = False) -> Iterator[None]:
    """The cycle collector off for the block (as it was after).

    `settle`: then move what the block made into the oldest generation in one step
    (freeze + unfreeze), so that the next young collection does not walk all of it either —
    for blocks whose objects live on (what was read). Skipped when the process froze objects
    itself: unfreeze would undo that.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if settle and gc.get_freeze_count() == 0:
            gc.freeze()
            gc.unfreeze()
        if collecting:
            gc.enable()
