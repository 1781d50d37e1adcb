"""Stand-in for hydra-core (template check kit): NOT Hydra. See ../README.md.

Replays only what a generated project's tests need from ``hydra.main`` (upstream
facebookresearch/hydra ``hydra/main.py``, 1.3): the decorator, and calling the task function
directly when a config is passed (``cfg_passthrough``).
"""

import functools

__version__ = "0.0.0+mx-template-check-stand-in"


def main(config_path=None, config_name=None, version_base=None):
    """Return the decorator ``@hydra.main(...)`` applies to a task function."""

    def main_decorator(task_function):
        @functools.wraps(task_function)
        def decorated_main(cfg_passthrough=None):
            if cfg_passthrough is not None:
                return task_function(cfg_passthrough)
            raise RuntimeError(
                "hydra stand-in of the template check kit: running the entry point needs "
                "hydra-core, which is not installed here (pass a config to call it in a test)"
            )

        return decorated_main

    return main_decorator
