"""The shared shape of every result: a frozen dataclass with a JSON-ready ``to_dict()``."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from typing import Any

import numpy as np


def to_jsonable(value: Any) -> Any:
    """Turn a result (or any field of one) into plain JSON types: dict, list, str, int, float, bool, None.

    NumPy arrays become lists and NumPy scalars become Python numbers. A float that is not finite has
    no JSON spelling, so it is refused rather than written as ``NaN``.
    """
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, np.ndarray):
        return [to_jsonable(v) for v in value.tolist()]
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        f = float(value)
        if not math.isfinite(f):
            raise ValueError(f"cannot serialise the non-finite number {f!r}")
        return f
    if value is None or isinstance(value, str):
        return value
    raise TypeError(f"cannot serialise {type(value).__name__}")


class Result:
    """Mixin for the frozen result dataclasses of :mod:`cxloop.stats`."""

    def to_dict(self) -> dict[str, Any]:
        """The result as a dict of plain JSON types (ready for ``json.dumps``)."""
        out = to_jsonable(self)
        assert isinstance(out, dict)
        return out


def frozen_array(values: Any, dtype: Any = float) -> np.ndarray[Any, Any]:
    """A read-only copy of ``values``, so a frozen result cannot be changed through its arrays."""
    arr = np.array(values, dtype=dtype)
    arr.flags.writeable = False
    return arr
