"""RIEP platform: Regional Improvement and Efficiency Partnerships."""

__version__ = "0.1.0"
