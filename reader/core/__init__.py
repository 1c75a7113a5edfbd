"""The domain of Article Reader: text model, importing, anchoring, the library, exporting.

Nothing in this package imports Qt; the command line and the window both build on it.
"""
