"""Speed tricks, gathered in one place, each with the reason it is worth its strangeness.

A province-month is over a million observations, and reading and scoring them is held to
budgets set against a bare calamine read (benchmarks/). That needs Python used in a few unusual
ways; they live here, small and documented, so that the code using them reads plainly and a
reader meeting `tuple.__new__` or `__class__ =` knows where the why is written.

- `gc_paused`: the cycle collector off while many small objects without cycles are made.
- `fast_constructor`: a frozen slots dataclass made at the cost of a mutable one.
- `field_getter`: C-level itemgetters over a NamedTuple, its fields picked by name.
- `in_field_order`: for a class built by position, its field order checked at import.
- `quick_handover`: the GIL handed to a waiting thread every 0.1 ms instead of every 5 ms.
- `to_columns` / `from_columns`: NamedTuples sent to another process as their columns.

Tricks that are one module's own business stay there: the parse caches of sheets/cells.py (dicts
whose `__missing__` parses, so each distinct raw cell is parsed once), the `sys.intern` of the
names read there, and `check_circular=False` on the ledger's JSON packer (ledger/store.py).
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import MISSING, Field, field, fields, is_dataclass, make_dataclass
from itertools import repeat
from operator import itemgetter
from typing import Any, ParamSpec, TypeVar, cast

P = ParamSpec("P")
T = TypeVar("T")
Cls = TypeVar("Cls", bound=type[Any])


@contextmanager
def gc_paused(*, settle: bool = False) -> Iterator[None]:
    """The cycle collector off for the block (as it was after).

    Why: reading, scoring and loading a period from the ledger each make hundreds of thousands
    of small objects and no reference cycles. With the cyclic collector on, each collection
    their allocations trigger walks every object alive again, for nothing — up to half the time.

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


@contextmanager
def quick_handover(interval: float = 0.0001) -> Iterator[None]:
    """The interpreter's switch interval at most `interval` seconds for the block (as it was
    after).

    Why: reading a folder parses the next workbook in a background thread (sheets/readahead.py)
    while the main thread reads this one. python-calamine parses each sheet without the GIL,
    but between sheets the background thread needs it back, and while the main thread is busy
    in Python it waits a whole switch interval (5 ms) for it, every time: on a folder of small
    workbooks (nine sheets each) the reader then spent a third of its time waiting for files
    the background thread had all but parsed (0.9 of 2.5 s for 360 workbooks; 0.08 s at
    0.1 ms). A thread that holds the GIL with nobody waiting is not interrupted, so the
    shorter interval costs nothing when there is nothing to hand over.
    """
    before = sys.getswitchinterval()
    sys.setswitchinterval(min(before, interval))
    try:
        yield
    finally:
        sys.setswitchinterval(before)


def fast_constructor(cls: Callable[P, T]) -> Callable[P, T]:
    """`cls` itself for a frozen slots dataclass — same arguments, same result — made faster.

    Why: a frozen dataclass's `__init__` stores each field through `object.__setattr__`, ten
    times the cost of a plain slot store, and scoring builds one `CheckScore` per check and one
    `Deduction` per failed item — tens of thousands per run, as many again when the ledger
    loads a period. So the object is made by a mutable twin with exactly the same slots (and
    the same defaults), whose `__post_init__` gives it its real class: equal to what `cls(...)`
    makes, hashable, and immutable from then on. Typed as `cls`, so mypy checks each call's
    arguments against the dataclass's fields, positional calls included.
    """
    if not (isinstance(cls, type) and is_dataclass(cls) and "__slots__" in vars(cls)):
        raise TypeError(f"fast_constructor wants a slots dataclass, not {cls!r}")
    if hasattr(cls, "__post_init__"):
        raise TypeError(f"{cls.__name__} has a __post_init__, which the twin would skip")
    specs: list[tuple[str, Any, Field[Any]]] = []
    for f in fields(cls):
        if not f.init or f.kw_only:
            raise TypeError(f"{cls.__name__}.{f.name}: only plain init fields can be twinned")
        if f.default is not MISSING:
            specs.append((f.name, f.type, field(default=f.default)))
        elif f.default_factory is not MISSING:
            specs.append((f.name, f.type, field(default_factory=f.default_factory)))
        else:
            specs.append((f.name, f.type, field()))

    def adopt(self: object) -> None:
        self.__class__ = cls  # the same slots in the same order: allowed, and O(1)

    twin = make_dataclass(
        f"_{cls.__name__}Twin", specs, slots=True, namespace={"__post_init__": adopt}
    )
    return cast(Callable[P, T], twin)


def field_getter(cls: type[tuple[Any, ...]], *names: str) -> itemgetter[Any]:
    """An itemgetter of the fields `names` of the NamedTuple `cls`: one name gives its value,
    several a tuple of theirs, in the order named (as `itemgetter` does).

    Why: the scoring core and the ledger pick fields out of a million observations with C-level
    itemgetters (groupby keys, `map`), several times faster than attribute access in a Python
    loop. Picking them by name, once, at import, keeps that speed without writing positions in
    the code, which a reordering of the fields would silently break.
    """
    known = _field_names(cls)
    missing = [name for name in names if name not in known]
    if missing:
        raise ValueError(f"{cls.__name__} has no field {', '.join(map(repr, missing))}")
    return itemgetter(*map(known.index, names))


def in_field_order(cls: Cls, *names: str) -> Cls:
    """`cls`, once its fields (a NamedTuple's or a dataclass's) are known to be exactly `names`,
    in this order: for code that builds `cls` by position; raises TypeError when they are not.

    Why: the readers' fast loops build each Observation as `tuple.__new__(Observation, values)`,
    a third of the cost of `Observation(...)`, whose `__new__` is Python code that sorts out
    keywords and defaults; the ledger builds each stored check by position too. Values written
    by position do not say which is which field: naming the fields here, in the order the code
    writes them, makes a reordering of the fields fail when that module is imported, instead
    of filling every observation or check with the wrong values.
    """
    found = _field_names(cls)
    if found != names:
        raise TypeError(
            f"{cls.__name__}'s fields are {found}, but code building it by position writes "
            f"{names}: update that code"
        )
    return cls


def _field_names(cls: type[Any]) -> tuple[str, ...]:
    """A NamedTuple's fields, else a dataclass's, in order."""
    if hasattr(cls, "_fields"):
        return tuple(cls._fields)
    return tuple(f.name for f in fields(cls))


Columns = list[tuple[Any, ...]]


def to_columns(rows: Sequence[tuple[Any, ...]]) -> Columns:
    """NamedTuples (all of one class) as their columns: one tuple per field.

    Why: worker processes read a folder's workbooks (sheets/parallel.py) and send the
    observations back through pickle, which takes a NamedTuple apart one at a time through
    Python (`__reduce__`, `__getnewargs__`): 0.5 s out and 0.4 s back in for 200,000 of them.
    Their columns are plain tuples of values, most of them shared (a branch's name, a date, a
    file), which pickle handles in C in a tenth of that.
    """
    return list(zip(*rows, strict=True))


def from_columns(cls: type[T], columns: Columns) -> list[T]:
    """The NamedTuples `to_columns` took apart, rebuilt in C (tuple.__new__ per row, no Python
    code — see `in_field_order`)."""
    if not columns:
        return []
    new = cast(Callable[[type[T], tuple[Any, ...]], T], tuple.__new__)
    return list(map(new, repeat(cls), zip(*columns, strict=True)))
