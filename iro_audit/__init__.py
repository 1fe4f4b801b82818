"""iro-audit: audit and performance toolkit for an Independent Reviewing Officer service."""
__version__ = "0.1.0"
