"""STAND-IN for ``@hydra.main`` (hydra/main.py + hydra/_internal/utils.py + config_loader_impl.py).

What it replays: the command line is read as Hydra's argparse does (positional overrides; -m /
--multirun and --cfg recognised, other flags refused), every override is parsed with the
grammar (``OverridesParser.parse_overrides``), sweeps without --multirun are refused with Hydra's
"Ambiguous value" message, the primary config ``<config_path>/<config_name>.yaml`` (relative to
the decorated function's file) is loaded with OmegaConf, set to struct mode and the overrides are
applied with Hydra's rules (``_apply_overrides_to_config``: ``key=`` needs an existing key,
``+key=`` needs an absent one, ``++key=`` always sets, ``~key`` deletes), then the task function is
called with the composed config and the root logger at INFO as Hydra configures it. Errors print
as Hydra prints them and exit with status 1.
Called with a config (``main(cfg)``, as a project's tests do), the task function gets it
directly, without reading argv or the config folder (Hydra 1.3 ``decorated_main(cfg_passthrough)``).

Not replayed: defaults lists / config groups, --multirun and launchers/sweepers, the output
directory (``outputs/<date>/<time>/.hydra``), grammar functions (``choice()``, ``range()``...).
"""

from __future__ import annotations

import functools
import logging
import os
import sys
from textwrap import dedent
from typing import Any, Callable, List, Optional

from omegaconf import DictConfig, OmegaConf, open_dict
from omegaconf.errors import ConfigAttributeError, ConfigKeyError

from hydra.core.override_parser.overrides_parser import (
    OverridesParser,
    OverrideType,
)
from hydra.errors import ConfigCompositionException, HydraException, MissingConfigException


def _split_argv(argv: List[str]) -> tuple:
    overrides, multirun, cfg = [], False, None
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg in ("-m", "--multirun"):
            multirun = True
        elif arg in ("-c", "--cfg"):
            cfg = argv[i + 1] if i + 1 < len(argv) else None
            i += 1
        elif arg.startswith("-"):
            raise SystemExit(
                f"usage: {os.path.basename(sys.argv[0])} [--help] ... [overrides ...]\n"
                f"error: unrecognized arguments: {arg}"
            )
        else:
            overrides.append(arg)
        i += 1
    return overrides, multirun, cfg


def apply_overrides(cfg: DictConfig, overrides: List[str]) -> None:
    """Hydra's ConfigLoaderImpl._apply_overrides_to_config, for config (not group) overrides."""
    for override in OverridesParser.create().parse_overrides(overrides):
        if override.is_sweep_override():
            raise ConfigCompositionException(
                dedent(f"""\
                Ambiguous value for argument '{override.input_line}'
                1. To use it as a list, use key=[value1,value2]
                2. To use it as string, quote the value: key=\\'value1,value2\\'
                3. To sweep over it, add --multirun to your command line""")
            )
        if override.package is not None:
            raise ConfigCompositionException(
                f"'{override.input_line}': package overrides (@) select config groups, which "
                "the Hydra stand-in does not replay"
            )
        key = override.key_or_group
        value = override.value()
        if override.type == OverrideType.DEL:
            if OmegaConf.select(cfg, key, default=KeyError) is KeyError:
                raise ConfigCompositionException(
                    f"Could not delete from config. '{key}' does not exist."
                )
            current = OmegaConf.select(cfg, key)
            if override.value_type is not None and value != current:
                raise ConfigCompositionException(
                    f"Could not delete from config. The value of '{key}' is {current} and not "
                    f"{value}."
                )
            parent_key, _, leaf = key.rpartition(".")
            parent = OmegaConf.select(cfg, parent_key) if parent_key else cfg
            with open_dict(cfg):
                del parent[leaf]
        elif override.type == OverrideType.ADD:
            if OmegaConf.select(cfg, key, throw_on_missing=False) is None or isinstance(
                value, (dict, list)
            ):
                OmegaConf.update(cfg, key, value, merge=True, force_add=True)
            else:
                raise ConfigCompositionException(
                    dedent(f"""\
                    Could not append to config. An item is already at '{key}'.
                    Either remove + prefix: '{override.input_line[1:]}'
                    Or add a second + to add or override '{key}': '+{override.input_line}'
                    """)
                )
        elif override.type == OverrideType.FORCE_ADD:
            OmegaConf.update(cfg, key, value, merge=True, force_add=True)
        else:
            try:
                OmegaConf.update(cfg, key, value, merge=True)
            except (ConfigAttributeError, ConfigKeyError) as ex:
                raise ConfigCompositionException(
                    f"Could not override '{key}'.\nTo append to your config use "
                    f"+{override.input_line}"
                ) from ex


def compose(config_dir: Optional[str], config_name: Optional[str], overrides: List[str]):
    """The composed config: the primary YAML file (or an empty config) plus the overrides."""
    if config_name is None:
        cfg = OmegaConf.create({})
    else:
        path = os.path.join(config_dir or ".", f"{config_name}.yaml")
        if not os.path.isfile(path):
            raise MissingConfigException(
                f"Cannot find primary config '{config_name}'. Check that it's in your config "
                f"search path ({config_dir})."
            )
        cfg = OmegaConf.load(path)
        if isinstance(cfg, DictConfig) and "defaults" in cfg:
            raise ConfigCompositionException(
                f"{path}: defaults lists (config groups) are not replayed by the Hydra stand-in"
            )
    OmegaConf.set_struct(cfg, True)
    apply_overrides(cfg, overrides)
    return cfg


def main(
    config_path: Optional[str] = None,
    config_name: Optional[str] = None,
    version_base: Optional[str] = None,
) -> Callable[[Callable[[Any], Any]], Any]:
    def main_decorator(task_function: Callable[[Any], Any]) -> Callable[[], None]:
        @functools.wraps(task_function)
        def decorated_main(cfg_passthrough: Optional[DictConfig] = None) -> Any:
            if cfg_passthrough is not None:
                return task_function(cfg_passthrough)
            base = os.path.dirname(os.path.abspath(task_function.__code__.co_filename))
            config_dir = os.path.join(base, config_path) if config_path is not None else None
            try:
                overrides, multirun, show = _split_argv(sys.argv[1:])
                if multirun:
                    raise HydraException("--multirun is not replayed by the Hydra stand-in")
                cfg = compose(config_dir, config_name, overrides)
            except HydraException as error:
                print(f"{error}\n\nSet the environment variable HYDRA_FULL_ERROR=1 for a "
                      "complete stack trace.", file=sys.stderr)
                sys.exit(1)
            if show is not None:
                print(OmegaConf.to_yaml(cfg))
                return None
            logging.basicConfig(
                level=logging.INFO,
                format="[%(asctime)s][%(name)s][%(levelname)s] - %(message)s",
            )
            return task_function(cfg)

        return decorated_main

    return main_decorator
