"""Space-news extraction pipeline: raw article text in, validated JSON out.

Stages, one module each, in the order they run:
load -> segment -> recognize -> normalize -> dates -> assemble (validate) -> write.
"""

__version__ = "0.1.0"
