"""Test-only stand-in for mlflow (not installable here): records the tracking calls a trainer makes.

Each call is one JSON line in the file named by MX_MLFLOW_LOG, with the process's RANK.
"""

import contextlib
import json
import os


def _record(call, **fields):
    path = os.environ.get("MX_MLFLOW_LOG")
    if path:
        with open(path, "a", encoding="utf-8") as log:
            log.write(json.dumps({"call": call, "rank": os.environ.get("RANK"), **fields}) + "\n")


@contextlib.contextmanager
def start_run(run_id=None, **kwargs):
    _record("start_run", run_id=run_id)
    yield


def log_params(params):
    _record("log_params", params=params)


def log_param(key, value):
    _record("log_params", params={key: value})


def log_metric(key, value, step=None):
    _record("log_metric", key=key, value=value, step=step)
