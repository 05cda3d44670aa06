"""cxloop: close the loop on negative service experiences.

collect -> understand -> recover -> improve -> verify.
"""

__version__ = "0.1.0"
