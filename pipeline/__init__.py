"""Space-news extraction pipeline: raw article text in, validated JSON out.

Stages, one module each, in the order they run:
load -> segment -> recognize -> normalize -> dates -> assemble (validate) -> write.
"""

__version__ = "0.1.0"


def pipeline_version() -> str:
    """The release plus a fingerprint of the code and knowledge files; an output made by another is redone."""
    from pipeline.knowledge import fingerprint

    return f"{__version__}+{fingerprint()}"
