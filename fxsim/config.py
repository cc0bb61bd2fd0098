"""The Python twin of an hls4ml ``struct configN : nnet::..._config`` from ``firmware/parameters.h``.

A :class:`Config` carries the struct's static members under their C++ names: integers
(``n_in``, ``reuse_factor``), types as :class:`~fxsim.types.FixedType` (``accum_t``, ``weight_t``,
``table_t``), enum values as plain strings without the ``nnet::`` prefix (``strategy='latency'``,
``io_type='io_parallel'``), template aliases as the name of the function they alias
(``product='mult'``, ``activation='relu'``) and nested configs as :class:`Config`
(``mult_config``).

>>> from fxsim.types import FixedType
>>> cfg = Config(n_in=16, n_out=8, accum_t=FixedType.parse("ap_fixed<24,12>"), strategy="latency")
>>> cfg.n_in, str(cfg.accum_t)
(16, 'ap_fixed<24,12>')
>>> cfg.replace(n_out=4).n_out
4
>>> import pickle; pickle.loads(pickle.dumps(cfg)) == cfg
True
"""

from __future__ import annotations

from typing import Any


class ConfigError(AttributeError):
    """A layer needs a config member the struct does not have."""


class Config:
    """Immutable namespace of a config struct's members."""

    __slots__ = ("_fields", "_name")

    def __init__(self, _name: str = "config", **fields: Any) -> None:
        object.__setattr__(self, "_fields", dict(fields))
        object.__setattr__(self, "_name", _name)

    def __getattr__(self, key: str) -> Any:
        if key.startswith("__") or key in self.__slots__:
            # dunder lookups (copy, pickle) and a half-built instance have no struct members
            raise AttributeError(key)
        try:
            return self._fields[key]
        except KeyError:
            raise ConfigError(f"{self._name} has no member {key!r} (members: {sorted(self._fields)})") from None

    def __setattr__(self, key: str, value: Any) -> None:
        raise AttributeError("Config is immutable; use replace()")

    def __reduce__(self) -> tuple[Any, tuple[str, dict[str, Any]]]:
        """Pickle as ``Config(name, **fields)`` (for multiprocessing, joblib, Dask)."""
        return (_rebuild, (self._name, dict(self._fields)))

    def get(self, key: str, default: Any = None) -> Any:
        return self._fields.get(key, default)

    def __contains__(self, key: str) -> bool:
        return key in self._fields

    def replace(self, **changes: Any) -> Config:
        return Config(self._name, **{**self._fields, **changes})

    def as_dict(self) -> dict[str, Any]:
        return dict(self._fields)

    @property
    def name(self) -> str:
        return self._name

    def __repr__(self) -> str:
        inner = ", ".join(f"{k}={v!s}" for k, v in self._fields.items())
        return f"Config<{self._name}>({inner})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Config) and self._fields == other._fields

    def __hash__(self) -> int:
        return hash((self._name, tuple(sorted((k, repr(v)) for k, v in self._fields.items()))))


def _rebuild(name: str, fields: dict[str, Any]) -> Config:
    return Config(name, **fields)
