"""kb: a clause-aware compliance knowledge base with grounded, cited answers."""

__version__ = "0.1.0"
