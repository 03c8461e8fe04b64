"""The deployment kernels' compiler: :func:`impp.jit.compile_in_place`."""

from impp.jit import compile_in_place

__all__ = ["compile_in_place"]
