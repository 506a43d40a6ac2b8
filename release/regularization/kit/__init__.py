"""Student-side code: copied verbatim into every assignment folder as the package ``kit``.

It may import only numpy, matplotlib, h5py and the standard library, and itself by relative imports.
"""
