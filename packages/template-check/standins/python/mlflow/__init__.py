"""STAND-IN for the ``mlflow`` tracking API (MLflow 2.x fluent API, mlflow/tracking/fluent.py).

Records every call as one JSON line in ``$MX_STANDIN_MLFLOW_RECORD`` (when set) with the tracking
URI in effect, so a check can tell where a run would have logged: ``set_tracking_uri`` wins, else
``MLFLOW_TRACKING_URI``, else the local ``./mlruns`` store (mlflow.tracking._tracking_service
.utils). ``start_run`` resumes ``MLFLOW_RUN_ID`` when set (as a run launched by ``mlflow run``
does). Metric values must be numbers (MLflow converts them with ``float``); parameters are
stringified. Each record also carries the process's ``RANK`` (set by torchrun), so a check of a
distributed trainer can tell which process logged. The signatures are the fluent API's
(``synchronous``, ``run_id``, ``timestamp`` are accepted and ignored). Nothing is sent anywhere.
"""

from __future__ import annotations

import json
import os
import uuid
from numbers import Number

__version__ = "2.17.0+standin"

_tracking_uri = None
_active_run = None


class MlflowException(Exception):
    """mlflow.exceptions.MlflowException."""


def _record(call: str, **fields) -> None:
    path = os.environ.get("MX_STANDIN_MLFLOW_RECORD")
    if not path:
        return
    entry = {
        "call": call,
        "tracking_uri": get_tracking_uri(),
        "rank": os.environ.get("RANK"),
        **fields,
    }
    with open(path, "a") as handle:
        handle.write(json.dumps(entry, default=str) + "\n")


def set_tracking_uri(uri: str) -> None:
    global _tracking_uri
    _tracking_uri = uri
    _record("set_tracking_uri", uri=uri)


def get_tracking_uri() -> str:
    return _tracking_uri or os.environ.get("MLFLOW_TRACKING_URI") or (
        "file://" + os.path.abspath("mlruns")
    )


def set_experiment(experiment_name=None, experiment_id=None):
    _record("set_experiment", experiment_name=experiment_name, experiment_id=experiment_id)


class _RunInfo:
    def __init__(self, run_id: str):
        self.run_id = run_id
        self.run_uuid = run_id


class ActiveRun:
    """What ``start_run`` returns; a context manager that ends the run."""

    def __init__(self, run_id: str):
        self.info = _RunInfo(run_id)

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        end_run("FINISHED" if exc_type is None else "FAILED")
        return False


def start_run(run_id=None, experiment_id=None, run_name=None, nested=False, tags=None, **_):
    global _active_run
    if _active_run is not None and not nested:
        raise MlflowException(
            f"Run with UUID {_active_run.info.run_id} is already active. To start a new run, "
            "first end the current run with mlflow.end_run()."
        )
    run_id = run_id or os.environ.get("MLFLOW_RUN_ID") or uuid.uuid4().hex
    _active_run = ActiveRun(run_id)
    _record(
        "start_run",
        run_id=run_id,
        experiment_id=experiment_id or os.environ.get("MLFLOW_EXPERIMENT_ID"),
        run_name=run_name,
    )
    return _active_run


def active_run():
    return _active_run


def end_run(status: str = "FINISHED") -> None:
    global _active_run
    if _active_run is not None:
        _record("end_run", run_id=_active_run.info.run_id, status=status)
    _active_run = None


def _run_id() -> str:
    # The fluent API starts a run when none is active.
    return (_active_run or start_run()).info.run_id


def log_param(key, value, synchronous=None):
    _record("log_param", run_id=_run_id(), key=str(key), value=str(value))
    return value


def log_params(params: dict, synchronous=None, run_id=None) -> None:
    for key, value in params.items():
        log_param(key, value)


def log_metric(key, value, step=None, **_):
    if isinstance(value, bool) or not isinstance(value, Number):
        try:
            value = float(value)
        except (TypeError, ValueError) as error:
            raise MlflowException(
                f"Got invalid value {value} for metric '{key}' (step {step})"
            ) from error
    _record("log_metric", run_id=_run_id(), key=str(key), value=float(value), step=step or 0)


def log_metrics(metrics: dict, step=None, synchronous=None, run_id=None, timestamp=None) -> None:
    for key, value in metrics.items():
        log_metric(key, value, step=step)


def set_tag(key, value, synchronous=None) -> None:
    _record("set_tag", run_id=_run_id(), key=str(key), value=str(value))


def set_tags(tags: dict, synchronous=None) -> None:
    for key, value in tags.items():
        set_tag(key, value)
