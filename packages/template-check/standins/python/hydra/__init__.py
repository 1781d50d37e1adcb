"""STAND-IN for hydra-core (see main.py and core/override_parser/overrides_parser.py)."""

from hydra.main import main

__version__ = "1.3.2+standin"
__all__ = ["main"]
