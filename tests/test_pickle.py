"""``Network``, ``FixedArray``, ``FixedType`` and ``Config`` survive pickling (multiprocessing, joblib
and Dask ship them to workers): a round trip gives equal objects and equal predictions."""

from __future__ import annotations

import pickle

import numpy as np

from fxsim.array import FixedArray
from fxsim.config import Config
from fxsim.examples import example_project
from fxsim.network import load_hls4ml
from fxsim.types import FixedType
from fxsim.verify import default_reference


def test_fixed_type_and_array_round_trip() -> None:
    for text in ("ap_fixed<16,6,AP_RND_CONV,AP_SAT>", "ap_ufixed<8,3,AP_RND,AP_SAT_SYM>", "ap_fixed<100,50>",
                 "ap_int<7>"):
        t = FixedType.parse(text)
        a = FixedArray(t.quantize(np.linspace(-40, 40, 23)), t)
        t2, a2 = pickle.loads(pickle.dumps(t)), pickle.loads(pickle.dumps(a))
        assert t2 == t and str(t2) == text
        assert a2.type == t and a2.raw.dtype == a.raw.dtype and a2.raw.tolist() == a.raw.tolist()


def test_config_round_trip_and_attribute_errors() -> None:
    cfg = Config("config2", n_in=16, accum_t=FixedType.parse("ap_fixed<24,12>"),
                 mult_config=Config("mult", reuse_factor=2))
    back = pickle.loads(pickle.dumps(cfg))
    assert back == cfg and back.name == "config2" and back.mult_config.reuse_factor == 2
    assert not hasattr(back, "n_out") and not hasattr(back, "__getstate_missing__")


def test_network_round_trip_gives_equal_predictions() -> None:
    fresh = load_hls4ml(example_project())
    x, _ = default_reference(fresh)
    want = fresh.predict(x)
    for net in (fresh, load_hls4ml(example_project())):  # after a run (chains planned) and before any
        back = pickle.loads(pickle.dumps(net))
        np.testing.assert_array_equal(back.predict(x), want)
        assert back.summary() == fresh.summary()
