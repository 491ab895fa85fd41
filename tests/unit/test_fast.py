"""The speed tricks of svccheck/fast.py make exactly what the plain way makes, and the field
order checks catch a class whose fields are not where positional code puts them."""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
from typing import NamedTuple

import pytest

from svccheck.fast import (
    fast_constructor,
    field_getter,
    gc_paused,
    in_field_order,
)
from svccheck.model import Observation


@dataclasses.dataclass(frozen=True, slots=True)
class Point:
    x: float
    y: float
    label: str = "p"
    tags: tuple[str, ...] = ()
    extra: list[int] = dataclasses.field(default_factory=list, compare=False)


class Pair(NamedTuple):
    left: str
    right: int = 0


def test_fast_constructor_takes_what_the_dataclass_takes() -> None:
    build = fast_constructor(Point)
    calls: list[tuple[tuple[object, ...], dict[str, object]]] = [
        ((1.0, 2.0), {}),
        ((1.0, 2.0, "q", ("a",)), {}),
        ((1.0,), {"y": 3.0}),
    ]
    for args, kwargs in calls:
        made = build(*args, **kwargs)
        assert made == Point(*args, **kwargs)
        assert type(made) is Point and hash(made) == hash(Point(*args, **kwargs))
    assert build(0.0, 0.0).extra is not build(0.0, 0.0).extra  # a fresh default each time
    with pytest.raises(dataclasses.FrozenInstanceError):
        build(1.0, 2.0).x = 3.0  # type: ignore[misc]
    with pytest.raises(TypeError):
        build(1.0)  # type: ignore[call-arg]


def test_fast_constructor_refuses_what_it_cannot_twin() -> None:
    @dataclasses.dataclass(frozen=True)
    class NoSlots:
        x: int

    @dataclasses.dataclass(frozen=True, slots=True)
    class Checked:
        x: int

        def __post_init__(self) -> None:
            pass

    for cls in (NoSlots, Checked):
        with pytest.raises(TypeError):
            fast_constructor(cls)


def test_field_getter_picks_fields_by_name() -> None:
    obs = Observation(dt.date(2026, 10, 8), "东环支行", "张三", "TLR-01", "fail", "m", "self_check")
    assert field_getter(Observation, "item")(obs) == "TLR-01"
    assert field_getter(Observation, "subject", "date")(obs) == ("张三", dt.date(2026, 10, 8))
    with pytest.raises(ValueError, match="no field 'cell'"):
        field_getter(Observation, "item", "cell")


def test_in_field_order_checks_the_order_positional_code_writes() -> None:
    assert in_field_order(Pair, "left", "right") is Pair
    assert in_field_order(Point, "x", "y", "label", "tags", "extra") is Point
    with pytest.raises(TypeError, match="update that code"):
        in_field_order(Pair, "right", "left")
    with pytest.raises(TypeError):
        in_field_order(Point, "x", "y")  # a field left out is a field out of place


def test_gc_paused_restores_the_collector() -> None:
    assert gc.isenabled()
    with gc_paused(settle=True):
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()  # it was off before: it stays off
    finally:
        gc.enable()
