"""Which variant of each ``nnet_utils`` template a project compiled against, read from its own copy.

hls4ml copies ``templates/vivado/nnet_utils`` into every project it writes, so firmware written by
an older release carries that release's templates. fxsim's twins follow hls4ml 1.3.0; where an
older release computes differently, the twin also has the old variant, chosen by a *template
feature* that :func:`template_features` detects from the project's ``firmware/nnet_utils`` text
(comments and whitespace ignored). The features, and the releases that have them:

* ``softmax_v0`` (hls4ml <= 1.0): one ``table_size`` for both softmax tables, the exp sum in
  ``exp_table_t``, the invert table indexed through ``exp_table_t``; ``softmax_stable`` takes
  ``data[i] - x_max`` in ``ap_fixed<W, I, AP_RND, AP_SAT>`` and a non-negated exp table; no
  ``exp_scale``, ``inp_norm_t``, ``inv_inp_t``, ``accum_t``.
* ``selu_v0`` (hls4ml <= 1.0): ``res_T(lambda) * x`` for x >= 0 and the table index clamped only
  from above.
* ``binary_tanh_v0`` (hls4ml 0.6-1.0): ``res_T cache = x > 0 ? 1 : -1`` (zero maps to -1).
* ``dense_binary_cast_v0`` (hls4ml <= 1.0): the binary-network dense result
  ``(ap_int<ceillog2(n_in)+2>)(acc - n_in / 2) * 2``.

>>> sorted(features_of_text("nnet_activation.h", "d_xi_xmax[i] = data[i] - x_max;"))
['softmax_v0']
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

#: feature -> (header file name, markers: the feature is present when any marker occurs)
MARKERS: dict[str, tuple[str, tuple[str, ...]]] = {
    "softmax_v0": (
        "nnet_activation.h",
        (
            "d_xi_xmax[i] = data[i] - x_max;",
            "void init_exp_table(typename CONFIG_T::exp_table_t table_out[CONFIG_T::table_size])",
        ),
    ),
    "selu_v0": ("nnet_activation.h", ("res[ii] = res_T(1.0507009873554804934193349852946) * datareg;",)),
    "binary_tanh_v0": ("nnet_activation.h", ("res_T cache; for (int ii = 0; ii < CONFIG_T::n_in; ii++) "
                                              "{ datareg = data[ii]; if (datareg > 0) cache = 1;",
                                              # hls4ml <= 0.6: an io_serial pragma inside the loop
                                              "res_T cache; for (int ii=0; ii<CONFIG_T::n_in; ii++) { if "
                                              "(CONFIG_T::io_type == io_serial){ #pragma HLS PIPELINE } datareg "
                                              "= data[ii]; if( datareg > 0 ) cache = 1;")),
    "dense_binary_cast_v0": ("nnet_mult.h", ("(x - CONFIG_T::n_in / 2) * 2",)),
}

FEATURES: tuple[str, ...] = tuple(MARKERS)


def _normalise(text: str) -> str:
    """Comments removed, runs of whitespace as one space, no space next to punctuation."""
    text = re.sub(r"//[^\n]*|/\*.*?\*/", " ", text, flags=re.S)
    text = re.sub(r"\s+", " ", text)
    return re.sub(r" ?([^\w ]) ?", r"\1", text)


def features_of_text(header: str, text: str) -> frozenset[str]:
    """The features whose markers occur in ``text`` (the contents of header file ``header``)."""
    norm = _normalise(text)
    return frozenset(f for f, (h, markers) in MARKERS.items()
                     if h == header and any(_normalise(m) in norm for m in markers))


@functools.lru_cache(maxsize=64)
def _features_cached(nnet_dir: Path, stamp: tuple[tuple[str, int, int], ...]) -> frozenset[str]:
    out: set[str] = set()
    for header in sorted({h for h, _ in MARKERS.values()}):
        p = nnet_dir / header
        if p.is_file():
            out |= features_of_text(header, p.read_text(errors="replace"))
    return frozenset(out)


def template_features(nnet_dir: str | Path) -> frozenset[str]:
    """Template features of a project's ``firmware/nnet_utils`` (empty if the folder is missing:
    then the twins fall back to what the config structs show, see :func:`fxsim.layers.softmax.softmax`).
    """
    d = Path(nnet_dir)
    stamp = []
    for header in sorted({h for h, _ in MARKERS.values()}):
        p = d / header
        if p.is_file():
            st = p.stat()
            stamp.append((header, st.st_mtime_ns, st.st_size))
    return _features_cached(d, tuple(stamp))
