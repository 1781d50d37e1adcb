"""STAND-IN for ``mlflow run`` (mlflow/cli.py, MLflow 2.x): the options and their parsing.

``-P name=value`` is split on the first ``=`` (``_user_args_to_dict``; a repeated name is an
error), ``--backend-config`` is a JSON file, ``--experiment-name`` / ``--experiment-id`` read
``MLFLOW_EXPERIMENT_NAME`` / ``MLFLOW_EXPERIMENT_ID``. Only the ``kubernetes`` backend is replayed.
"""

from __future__ import annotations

import argparse
import json
import os
import sys

from mlflow.projects import run_kubernetes
from mlflow.projects._project_spec import ExecutionException
from mx_standins import state


def _user_args_to_dict(arguments, argument_type="P"):
    user_dict = {}
    for arg in arguments:
        split = arg.split("=", maxsplit=1)
        if len(split) == 1 and argument_type == "A":
            name, value = split[0], True
        elif len(split) == 2:
            name, value = split[0], split[1]
        else:
            raise ExecutionException(
                f"Invalid format for -{argument_type} parameter: '{arg}'. "
                f"Use -{argument_type} name=value."
            )
        if name in user_dict:
            raise ExecutionException(f"Repeated parameter: '{name}'")
        user_dict[name] = value
    return user_dict


def run(argv):
    parser = argparse.ArgumentParser(prog="mlflow run", allow_abbrev=False)
    parser.add_argument("uri")
    parser.add_argument("-e", "--entry-point", default="main")
    parser.add_argument("-v", "--version")
    parser.add_argument("-P", "--param-list", action="append", default=[])
    parser.add_argument("-A", "--docker-args", action="append", default=[])
    parser.add_argument("--experiment-name", default=os.environ.get("MLFLOW_EXPERIMENT_NAME"))
    parser.add_argument("--experiment-id", default=os.environ.get("MLFLOW_EXPERIMENT_ID"))
    parser.add_argument("-b", "--backend", default="local")
    parser.add_argument("-c", "--backend-config")
    parser.add_argument("--env-manager")
    parser.add_argument("--storage-dir")
    parser.add_argument("--run-id")
    parser.add_argument("--run-name")
    parser.add_argument("--build-image", action="store_true")
    args = parser.parse_args(argv)
    param_dict = _user_args_to_dict(args.param_list)
    if args.experiment_name and args.experiment_id:
        raise ExecutionException("Specify only one of 'experiment_name' or 'experiment_id'.")
    backend_config = None
    if args.backend_config is not None:
        if os.path.splitext(args.backend_config)[-1] != ".json":
            backend_config = json.loads(args.backend_config)
        else:
            with open(args.backend_config) as handle:
                backend_config = json.load(handle)
    if args.backend != "kubernetes":
        raise ExecutionException(
            f"backend {args.backend!r}: the stand-in replays only --backend kubernetes"
        )
    if backend_config is None:
        raise ExecutionException("Specify 'backend_config' when using kubernetes mode.")
    # _resolve_experiment_id: the tracking server would create/find it; the stand-in uses "1"
    experiment_id = args.experiment_id or "1"
    run_kubernetes(
        args.uri, args.entry_point, param_dict, backend_config, experiment_id, args.build_image
    )


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    state.record_call("mlflow", argv)
    if not argv or argv[0] != "run":
        raise ExecutionException(f"mlflow {' '.join(argv[:1])}: only `mlflow run` is replayed")
    run(argv[1:])


def cli_entry():
    """The ``mlflow`` executable: errors are printed as MLflow logs them, exit code 1."""
    try:
        main()
    except (ExecutionException, state.StandInError) as error:
        print(f"mlflow (stand-in): === {error} ===", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    cli_entry()
