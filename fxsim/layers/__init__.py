"""Bit-exact Python twins of hls4ml's ``nnet_utils`` functions, one module per header family.

Every twin keeps the C++ name and argument order, with the output array replaced by its element
type and the config struct passed explicitly::

    nnet::dense<input_t, layer2_t, config2>(input_1, layer2_out, w2, b2);   // C++
    dense(input_1, layer2_t, config2, w2, b2)                                # fxsim

``data`` arguments are :class:`~fxsim.array.FixedArray` of shape ``(batch, n)`` (the flat
per-sample C++ array), parameters are 1-D :class:`~fxsim.array.FixedArray` in the C++ array order,
and ``config`` is a :class:`~fxsim.config.Config`.

:data:`NNET_FUNCTIONS` maps each C++ function name to its twin; a network looks calls up there.
"""

from __future__ import annotations

from collections.abc import Callable

NNET_FUNCTIONS: dict[str, Callable] = {}


def nnet_function(*names: str) -> Callable[[Callable], Callable]:
    """Register a twin under the C++ ``nnet::`` function name(s) it mirrors."""

    def register(fn: Callable) -> Callable:
        for name in names or (fn.__name__,):
            if name in NNET_FUNCTIONS and NNET_FUNCTIONS[name] is not fn:
                raise RuntimeError(f"nnet::{name} registered twice")
            NNET_FUNCTIONS[name] = fn
        return fn

    return register


def lookup(name: str) -> Callable:
    """The twin of ``nnet::<name>``; imports every layer module once so all are registered."""
    if not _loaded:
        import importlib
        import pkgutil

        for mod in pkgutil.iter_modules(__path__):
            importlib.import_module(f"{__name__}.{mod.name}")
        _loaded.append(True)
    try:
        return NNET_FUNCTIONS[name]
    except KeyError:
        raise KeyError(f"fxsim has no twin of nnet::{name}") from None


_loaded: list[bool] = []
