"""Runners of projects read by :mod:`fxsim.project` whose layers are not the Vivado ones
(network level: they bind the layer twins of :mod:`fxsim.layers`)."""
