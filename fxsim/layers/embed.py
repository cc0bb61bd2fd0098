"""Embedding: twin of ``nnet::embedding`` in ``nnet_embed.h`` (io_parallel) and
``nnet_embed_stream.h`` (io_stream; one ``data_T`` pack of ``n_in`` tokens in, ``n_in`` packs of
``n_out`` values out -- the same values in the same order).

Both compute ``res[j * n_out + i] = embeddings[data[j] * n_out + i]``: the subscript is the exact
``ap_fixed`` value ``data[j] * n_out + i`` truncated toward zero (see :mod:`fxsim.kernels.embed`),
and the store converts ``embeddings_t`` to ``res_T`` (rounding and overflow of ``res_T``). An index
outside ``embeddings[vocab_size * n_out]`` is an out-of-bounds read in C++; the twin raises.

>>> from fxsim.config import Config
>>> from fxsim.types import FixedType
>>> t = FixedType.parse("ap_fixed<8,4>")
>>> cfg = Config("config2", n_in=2, n_out=2, vocab_size=3, embeddings_t=t)
>>> table = FixedArray.from_float([0.0, 0.5, 1.0, 1.5, 2.0, 2.5], t)
>>> embedding(FixedArray.from_float([[2.0, 0.0]], t), t, cfg, table).to_float().tolist()
[[2.0, 2.5, 0.0, 0.5]]
"""

from __future__ import annotations

import numpy as np

from fxsim.array import FixedArray
from fxsim.config import Config
from fxsim.kernels import embed as ke
from fxsim.layers import nnet_function
from fxsim.trace import Recorder
from fxsim.types import FixedType


def embedding_index(data: FixedArray, n_out: int, *, reference: bool = False) -> np.ndarray:
    """``(batch, n_in * n_out)`` subscripts ``data[j] * n_out + i`` as the header converts them.

    ``reference=True`` (or types too wide for int64) uses the Python-integer path.
    """
    frac = data.type.frac
    mag = data.type.width + int(n_out).bit_length() + max(0, -frac) + 2
    if reference or mag > 62 or int(n_out).bit_length() + max(0, frac) > 60:
        return ke.embed_index_reference(data.raw, frac, int(n_out)).astype(np.int64)
    return ke.embed_index(np.ascontiguousarray(data.raw, dtype=np.int64), frac, int(n_out))


@nnet_function("embedding")
def embedding(data: FixedArray, res_t: FixedType, cfg: Config, embeddings: FixedArray, *,
              reference: bool = False, stats: Recorder | None = None) -> FixedArray:
    """``nnet::embedding<data_T, res_T, CONFIG_T>(data, res, embeddings)``.

    ``data`` ``(batch, n_in)`` tokens of ``data_T`` (any ``ap_fixed``/``ap_int`` type);
    ``embeddings`` the C++ array ``vocab_size * n_out`` of ``CONFIG_T::embeddings_t``; returns
    ``(batch, n_in * n_out)`` of ``res_t``. Raises :class:`ValueError` naming the config, sample,
    position and value when a token indexes outside the table.
    """
    n_in, n_out, vocab = int(cfg.n_in), int(cfg.n_out), int(cfg.vocab_size)
    if data.ndim != 2 or data.shape[1] != n_in:
        raise ValueError(f"{cfg.name}: embedding expects data of shape (batch, {n_in}), got {data.shape}")
    table = embeddings.reshape(-1)
    if table.shape[0] != vocab * n_out:
        raise ValueError(f"{cfg.name}: embeddings has {table.shape[0]} values, expected vocab_size * n_out = "
                         f"{vocab * n_out}")
    et = cfg.get("embeddings_t")
    if et is not None and table.type != et:
        table = table.cast(et, stats=stats)
    idx = embedding_index(data, n_out, reference=reference)
    bad = np.argwhere((idx < 0) | (idx >= vocab * n_out))
    if bad.size:
        b, k = (int(v) for v in bad[0])
        x = float(data.to_float()[b, k // n_out])
        raise ValueError(f"{cfg.name}: embedding input {x!r} (sample {b}, position {k // n_out}) reads "
                         f"embeddings[{int(idx[b, k])}], outside [0, vocab_size * n_out = {vocab * n_out}) "
                         f"(out of bounds in C++); {len(bad)} such reads")
    return FixedArray(table.raw[idx], table.type).cast(res_t, stats=stats)
