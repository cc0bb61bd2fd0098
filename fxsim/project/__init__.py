"""Read an exported hls4ml project (``hls_model.write()`` output) without a compiler or hls4ml.

>>> from fxsim.project import read_project                         # doctest: +SKIP
>>> p = read_project("hls4ml_prj")                                 # doctest: +SKIP
>>> p.top, p.io_type, p.backend                                    # doctest: +SKIP
('myproject', 'io_parallel', 'vivado')
>>> c = p.calls[0]                                                 # doctest: +SKIP
>>> c.function, c.inputs, c.outputs, c.weights, p.configs[c.config].n_out   # doctest: +SKIP
('dense', ('input_1',), ('layer2_out',), ('w2', 'b2'), 64)
>>> p.weights["w2"].values[:2], str(p.weights["w2"].type)          # doctest: +SKIP
(array([-0.0189375468, 0.0523650423]), 'ap_fixed<16,6>')

Modules: :mod:`~fxsim.project.defines` (``defines.h``), :mod:`~fxsim.project.parameters`
(``parameters.h`` -> :class:`~fxsim.config.Config`), :mod:`~fxsim.project.calls` (the top
function), :mod:`~fxsim.project.weights`, :mod:`~fxsim.project.testbench` (``tb_data`` and logs),
:mod:`~fxsim.project.settings` (part, clock, backend). Every reading error is a
:class:`ProjectError` naming file and line.
"""

from fxsim.project.calls import ArrayDecl, Call, Port, WeightLoad
from fxsim.project.errors import ProjectError
from fxsim.project.reader import Project, ProjectFiles, read_project
from fxsim.project.testbench import Log, Testbench, TestbenchIO, read_dat, read_log
from fxsim.project.weights import Weight

__all__ = [
    "ArrayDecl",
    "Call",
    "Log",
    "Port",
    "Project",
    "ProjectError",
    "ProjectFiles",
    "Testbench",
    "TestbenchIO",
    "Weight",
    "WeightLoad",
    "read_dat",
    "read_log",
    "read_project",
]
