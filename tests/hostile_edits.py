"""One-line edits of the shipped example project (``fxsim/examples/jet_tagger``) that users make by
hand, each with what ``fxsim`` must do about it (issue 13). Shared by ``test_hostile_projects.py``
(regression tests) and ``test_hostile_csim.py`` (the edits whose right answer needs the C++).

An edit is ``(relative file, old text, new text)``; :func:`apply` makes it on a project copy.
"""

from __future__ import annotations

import shutil
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[1] / "fxsim" / "examples" / "jet_tagger"

Edit = tuple[str, str, str]


def copy_example(dest: Path) -> Path:
    return Path(shutil.copytree(EXAMPLE, dest))


def apply(project: Path, edits: list[Edit]) -> None:
    for rel, old, new in edits:
        f = project / rel
        text = f.read_text()
        assert old in text, (rel, old)
        f.write_text(text.replace(old, new, 1))


PARAMS, TOP, DEFINES, TB = "firmware/parameters.h", "firmware/myproject.cpp", "firmware/defines.h", "myproject_test.cpp"
RELU3 = "struct relu_config3 : nnet::activ_config {\n    static const unsigned n_in = 64;"
PRINT5 = "print_result<result_t, 5>(layer9_out, fout)"
RELU_CALL = "    nnet::relu<layer2_t, layer3_t, relu_config3>(layer2_out, layer3_out); // fc1_relu_relu"

#: Edits after which the C++ computes something fxsim must either reproduce (checked against the
#: compiled testbench) or refuse with exit 2: name -> (edits, required exit code or None = either
#: "matches the compiled C++" or 2).
SILENT_WRONG: dict[str, tuple[list[Edit], int | None]] = {
    "relu_n_in_63": ([(PARAMS, RELU3, RELU3.replace("64;", "63;"))], 2),
    "relu_other_config": ([(TOP, "relu_config3>", "relu_config5>")], 2),
    "if0_around_layer": ([(TOP, RELU_CALL, "#if 0\n" + RELU_CALL + "\n#endif")], 2),
    "swapped_top_ports": ([(TOP, "    input_t input_1[16],\n    result_t layer9_out[5]",
                            "    result_t layer9_out[5],\n    input_t input_1[16]")], 2),
    "w2_not_loaded": ([(TOP, '        nnet::load_weights_from_txt<model_default_t, 1024>(w2, "w2.txt");\n', "")],
                      None),
    "print_4_of_5": ([(TB, PRINT5, PRINT5.replace("5>", "4>")), (TB, PRINT5, PRINT5.replace("5>", "4>"))], None),
}
