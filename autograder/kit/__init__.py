"""Student-side code: copied verbatim into the assignment folders as the package ``kit``, each
folder getting the modules its notebook imports and its own assignment's cases.

It may import only numpy, matplotlib, h5py and the standard library, and itself by relative imports.
"""
from .i18n import language  # noqa: E402,F401 -- a notebook's first cell: kit.language("zh_CN")
