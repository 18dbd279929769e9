"""allegiance: news about armed conflicts turned into a knowledge graph of actors, alignments and statements."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("allegiance")
except PackageNotFoundError:  # running from a checkout that was never installed
    __version__ = "0.0.0+checkout"
