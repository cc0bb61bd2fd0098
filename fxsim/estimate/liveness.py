"""What HLS removes before it schedules an io_parallel top: elements an HGQ quantizer sets to zero, and every
value no output of the top needs.

An HGQ (or HGQ2) model converted by hls4ml carries one generated quantizer per activation
(``nnet_code_gen.h``, :mod:`fxsim.project.codegen`), written element by element::

    out[3] = 0;                                        // a pruned neuron: a constant
    out[4] = ap_ufixed<3,5,AP_TRN,AP_WRAP>(inp[4]);    // a live one, 3 bits wide

With every loop unrolled, Vivado/Vitis HLS sees those zeros as constants: it propagates them forward (a
dense's products of a zero input vanish; ``relu(0)`` is 0) and removes backward whatever only fed a zero
(the dense outputs, their adder trees and products, the ReLU compare/selects of a pruned neuron). HGQ prunes
whole neurons this way, so a 64-wide layer may keep a handful: Vitis HLS 2024.1 builds the 16 -> 64 -> 32 ->
32 -> 5 jet tagger of ``Lrozzy/hls4ml_OpenML`` ``model_3.1_5`` (round 6 row 40) with 4 ReLU compares in the
first 64-wide ReLU and one in the second (``re_lu_13``: a single ``icmp_ln45``), where the template would
have 64 and 32 (csynth ``Bind Op Report``, read after that row was evaluated: IN-SAMPLE).

:func:`prune_dead_elements` applies both passes to the layer list: dense weights of constant-zero inputs and
of unneeded outputs become 0 (with the outputs' biases), elementwise layers shrink to their needed elements,
generated quantizers lose the stores nobody reads, and a dense that reads a quantizer's output learns the
width each element really has (:func:`element_types`: HLS multiplies the element's integer bits and the array's
fraction bits, 9 for an ``ap_fixed<6,4>`` element of an ``ap_fixed<11,6>`` array, not all 11; Vitis HLS 2024.1
binds ``mul_10s_6ns_15_1_1`` for a 12-bit input array in ``model_3.1_3``).
It only touches io_parallel dense/elementwise/generated layers joined by named arrays; anything else is taken
as needing all of its inputs.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import numpy as np

from fxsim.estimate.layers import LayerSpec
from fxsim.project import codegen as G
from fxsim.types import FixedType

#: Elementwise kinds that map 0 to 0 and element ``k`` to element ``k`` (``relu(0) = 0``): a constant-zero input
#: element stays zero, and an unneeded output element makes its input element unneeded.
ZERO_PRESERVING_KINDS = ("relu", "leaky_relu", "linear", "quantized_relu", "thresholded_relu", "hard_tanh", "prelu")


def quantizer_elements(program: object) -> np.ndarray | None:
    """Per output element of a generated elementwise quantizer: ``True`` where it copies (casts) ``inp[k]``,
    ``False`` where it writes the constant 0; ``None`` when the function is not such a quantizer (any other
    statement, an element written from another index, a kernel wrapper).

    >>> cg = G.parse_codegen('''namespace nnet {
    ... template<typename input_t, typename output_t>
    ... void q(input_t *inp, output_t *out) {
    ...     out[0] = 0;
    ...     out[1] = ap_ufixed<3,5,AP_TRN,AP_WRAP>(inp[1]);
    ... }
    ... }''', "nnet_code_gen.h")
    >>> quantizer_elements(cg.functions["q"]).tolist()
    [False, True]
    """
    if not isinstance(program, G.Function) or program.index is not None or len(program.params) != 2:
        return None
    inp, out = program.params[0].name, program.params[1].name
    copied: dict[int, bool] = {}
    for st in program.body:
        if not isinstance(st, G.Store) or st.array != out:
            return None
        v = st.value
        if isinstance(v, G.Literal) and v.value == 0:
            copied[st.index] = False
        elif isinstance(v, G.Cast) and isinstance(v.arg, G.Load) and v.arg.array == inp and v.arg.index == st.index:
            copied[st.index] = True
        else:
            return None
    if not copied or sorted(copied) != list(range(len(copied))):
        return None
    return np.array([copied[k] for k in range(len(copied))], dtype=bool)


def element_types(program: object, array_t: FixedType) -> tuple[FixedType, ...] | None:
    """The type each element of a generated quantizer's output really has once stored in its ``array_t`` array:
    ``out[k] = ap_fixed<W,I>(inp[k])`` has ``min(I, array integer)`` integer bits (above them: sign extension,
    or zeros for an unsigned ``ap_ufixed``, which HLS strips from the multiplication) and keeps the array's
    fraction bits (HLS does not strip the zeros below the element's LSB: Vitis HLS 2024.1 multiplies the
    ``ap_ufixed<4,12>`` elements of an ``ap_fixed<15,13>`` array as 14-bit unsigned operands,
    ``mul_14ns_8s_22_1_1``, in ``Lrozzy/hls4ml-tutorial`` ``model_3.1``); a constant 0 is one bit.
    ``None`` when the function is not an elementwise quantizer (:func:`quantizer_elements`).

    >>> cg = G.parse_codegen('''namespace nnet {
    ... template<typename input_t, typename output_t>
    ... void q(input_t *inp, output_t *out) {
    ...     out[0] = ap_fixed<6,4,AP_RND,AP_WRAP>(inp[0]);
    ...     out[1] = 0;
    ...     out[2] = ap_ufixed<3,5,AP_TRN,AP_WRAP>(inp[2]);
    ...     out[3] = ap_fixed<16,8,AP_RND,AP_WRAP>(inp[3]);
    ... }
    ... }''', "nnet_code_gen.h")
    >>> [str(t) for t in element_types(cg.functions["q"], FixedType(11, 6))]
    ['ap_fixed<9,4>', 'ap_ufixed<1,1>', 'ap_ufixed<10,5>', 'ap_fixed<11,6>']
    """
    copies = quantizer_elements(program)
    if copies is None or not isinstance(program, G.Function):
        return None
    types: dict[int, FixedType] = {}
    for st in program.body:
        assert isinstance(st, G.Store) and isinstance(st.value, (G.Literal, G.Cast))   # quantizer_elements checked
        if not copies[st.index]:
            types[st.index] = FixedType(1, 1, False)
            continue
        q = st.value.type if isinstance(st.value, G.Cast) else array_t
        integer = min(q.integer, array_t.integer)
        frac = array_t.width - array_t.integer
        types[st.index] = FixedType(max(1, integer + frac), integer, q.signed and array_t.signed)
    return tuple(types[k] for k in range(len(types)))


def _is_plain_dense(spec: LayerSpec) -> bool:
    return (spec.kind == "dense" and spec.io_type != "io_stream" and spec.n_pixels <= 1
            and spec.weights is not None and np.size(spec.weights) == spec.n_in * spec.n_out > 0)


def _is_elementwise(spec: LayerSpec) -> bool:
    return spec.kind in ZERO_PRESERVING_KINDS and spec.io_type != "io_stream" and spec.n_in == spec.n_out


def prune_dead_elements(specs: Sequence[LayerSpec], arrays: Sequence[tuple[str | None, str | None] | None],
                        top_outputs: Sequence[str]) -> list[LayerSpec]:
    """The layers as HLS keeps them after constant propagation and dead-code elimination (module docstring).

    ``arrays[i]`` is layer ``i``'s ``(input array, output array)`` (``None``: not known, then the layer is left
    as it is and needs all of its input); ``top_outputs`` are the top function's output arrays (every element
    needed, as is every element of an array no listed layer reads).

    Hand-worked: a 2 -> 3 dense, then a ReLU, then a quantizer keeping only element 0. Output 0 needs input 0
    only (weight 0.5; input 1's weight to it is 0): outputs 1 and 2 are dropped with their biases, the ReLU
    keeps 1 element, and input 1 is unneeded upstream.

    >>> from fxsim.project.codegen import parse_codegen
    >>> q = parse_codegen('''namespace nnet {
    ... template<typename input_t, typename output_t>
    ... void q(input_t *inp, output_t *out) {
    ...     out[0] = ap_ufixed<4,2,AP_TRN,AP_WRAP>(inp[0]);
    ...     out[1] = 0;
    ...     out[2] = 0;
    ... }
    ... }''', "nnet_code_gen.h").functions["q"]
    >>> d = LayerSpec("dense", "d", 2, 3, weights=np.array([[0.5, 1.0, 0.25], [0.0, 2.0, 0.5]]),
    ...               bias=np.array([0.125, 0.5, 0.5]))
    >>> r = LayerSpec("relu", "r", 3, 3)
    >>> g = LayerSpec("generated", "q", 3, 3, program=q)
    >>> out = prune_dead_elements([d, r, g], [("x", "a"), ("a", "b"), ("b", "y")], ["y"])
    >>> out[0].weights.tolist(), out[0].bias.tolist(), out[1].n_in, len(out[2].program.body)
    ([[0.5, 0.0, 0.0], [0.0, 0.0, 0.0]], [0.125, 0.0, 0.0], 1, 1)
    """
    n = len(specs)
    producer: dict[str, int] = {}
    consumers: dict[str, list[int]] = {}
    for i, io in enumerate(arrays):
        if io is None:
            continue
        src, dst = io
        if src is not None:
            consumers.setdefault(src, []).append(i)
        if dst is not None:
            producer[dst] = i
    copies = [quantizer_elements(s.program) if s.kind == "generated" and s.io_type != "io_stream" else None
              for s in specs]

    # forward: which elements of each layer's output are the constant 0
    zero_out: list[np.ndarray | None] = [None] * n
    # a dense's weights as (n_in, n_out): hls4ml's flat ``w[i * n_out + j]`` (the layer rules read them so too)
    weights = [np.array(s.weights, dtype=np.float64).reshape(s.n_in, s.n_out) if _is_plain_dense(s) else None
               for s in specs]
    for i, s in enumerate(specs):
        io = arrays[i]
        src = io[0] if io is not None else None
        zin = zero_out[producer[src]] if src is not None and src in producer else None
        kept, w = copies[i], weights[i]
        if kept is not None:
            z = ~kept
            if zin is not None and zin.size == z.size:
                z = z | zin
            zero_out[i] = z
        elif _is_elementwise(s) and zin is not None and zin.size == s.n_out:
            zero_out[i] = zin.copy()
        elif w is not None:
            if zin is not None and zin.size == s.n_in:
                w[zin, :] = 0.0
            bias = np.zeros(s.n_out) if s.bias is None else np.asarray(s.bias, dtype=np.float64).reshape(-1)
            if bias.size == s.n_out:
                zero_out[i] = ~np.any(w != 0, axis=0) & (bias == 0)

    # backward: which elements of each layer's output some top output needs
    need_out: list[np.ndarray | None] = [None] * n
    for i in range(n - 1, -1, -1):
        io = arrays[i]
        dst = io[1] if io is not None else None
        size = specs[i].n_out
        if dst is None or dst in top_outputs or dst not in consumers:     # an output, or read by no layer seen
            need = np.ones(size, dtype=bool)
        else:
            need = np.zeros(size, dtype=bool)
            for j in consumers.get(dst, []):
                need_in = _needed_input(specs[j], need_out[j], copies[j], weights[j])
                if need_in is None or need_in.size != size:
                    need = np.ones(size, dtype=bool)
                    break
                need |= need_in
        need_out[i] = need

    out: list[LayerSpec] = []
    for i, s in enumerate(specs):
        wanted, kept, w, io = need_out[i], copies[i], weights[i], arrays[i]
        if w is not None and wanted is not None and wanted.size == s.n_out:
            w[:, ~wanted] = 0.0
            out_bias = None if s.bias is None else np.asarray(s.bias, dtype=np.float64).reshape(-1).copy()
            if out_bias is not None and out_bias.size == s.n_out:
                out_bias[~wanted] = 0.0
            src = io[0] if io is not None else None
            q = producer.get(src) if src is not None else None
            types = element_types(specs[q].program, s.input_t) if q is not None and copies[q] is not None else None
            out.append(dataclasses.replace(s, weights=w.reshape(np.shape(np.asarray(s.weights))), bias=out_bias,
                                           input_types=types if types is not None and len(types) == s.n_in
                                           else s.input_types))
        elif _is_elementwise(s) and wanted is not None and wanted.size == s.n_out:
            live = int(np.count_nonzero(wanted))
            out.append(dataclasses.replace(s, n_in=live, n_out=live))
        elif kept is not None and wanted is not None and wanted.size == kept.size:
            body = tuple(st for st in s.program.body if wanted[st.index] and kept[st.index])
            out.append(dataclasses.replace(s, program=dataclasses.replace(s.program, body=body)))
        else:
            out.append(s)
    return out


def _needed_input(spec: LayerSpec, need: np.ndarray | None, copies: np.ndarray | None,
                  weights: np.ndarray | None) -> np.ndarray | None:
    """The input elements a layer needs, given the output elements needed of it (``None``: all of them)."""
    if need is None:
        return None
    if copies is not None and copies.size == need.size:
        return need & copies
    if _is_elementwise(spec) and need.size == spec.n_in:
        return need.copy()
    if weights is not None and need.size == spec.n_out:
        return np.any(weights[:, need] != 0, axis=1)
    return None
