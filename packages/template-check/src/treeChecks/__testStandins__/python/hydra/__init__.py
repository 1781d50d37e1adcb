"""Test-only stand-in for hydra-core (not installable here), enough for the trainers' entry point.

``hydra.main`` loads ``<config_path>/<config_name>.yaml`` next to the script with OmegaConf and
merges the ``key=value`` overrides of the command line, as Hydra does for simple overrides
(hydra/_internal/config_loader_impl.py; no defaults lists, sweeps or output directory).
"""

import functools
import os
import sys

from omegaconf import OmegaConf


def main(version_base=None, config_path=None, config_name=None):
    def decorator(task):
        @functools.wraps(task)
        def run():
            script = sys.modules[task.__module__].__file__
            base = os.path.dirname(os.path.abspath(script))
            cfg = OmegaConf.load(os.path.join(base, config_path or ".", f"{config_name}.yaml"))
            overrides = [a for a in sys.argv[1:] if "=" in a]
            return task(OmegaConf.merge(cfg, OmegaConf.from_dotlist(overrides)))

        return run

    return decorator
