"""Stand-in for mlflow (template check kit): NOT MLflow. See ../README.md.

The fluent tracking API a trainer calls (upstream mlflow/mlflow
``mlflow/tracking/fluent.py``), recording each call in ``calls`` instead of talking to a
tracking server.
"""

__version__ = "0.0.0+mx-template-check-stand-in"

calls = []
_active = []


class ActiveRun:
    """What ``start_run`` returns: a context manager that ends the run on exit."""

    def __init__(self, run_name=None):
        self.run_name = run_name

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        end_run()
        return False


def _record(name, *args, **kwargs):
    calls.append((name, args, kwargs))


def start_run(run_id=None, experiment_id=None, run_name=None, nested=False, **kwargs):
    """Start a run (recorded only)."""
    _record("start_run", run_id=run_id, experiment_id=experiment_id, run_name=run_name)
    run = ActiveRun(run_name)
    _active.append(run)
    return run


def end_run(status="FINISHED"):
    """End the active run (recorded only)."""
    _record("end_run", status=status)
    if _active:
        _active.pop()


def active_run():
    """Return the active run, or None."""
    return _active[-1] if _active else None


def log_param(key, value, synchronous=None):
    """Record a parameter."""
    _record("log_param", key, value)
    return value


def log_params(params, synchronous=None, run_id=None):
    """Record parameters."""
    _record("log_params", dict(params))


def log_metric(key, value, step=None, synchronous=None, timestamp=None, run_id=None, **kwargs):
    """Record a metric."""
    _record("log_metric", key, value, step=step)


def log_metrics(metrics, step=None, synchronous=None, run_id=None, **kwargs):
    """Record metrics."""
    _record("log_metrics", dict(metrics), step=step)


def set_tag(key, value, synchronous=None):
    """Record a tag."""
    _record("set_tag", key, value)


def set_tags(tags, synchronous=None):
    """Record tags."""
    _record("set_tags", dict(tags))


def set_experiment(experiment_name=None, experiment_id=None):
    """Record the experiment."""
    _record("set_experiment", experiment_name=experiment_name, experiment_id=experiment_id)


def set_tracking_uri(uri):
    """Record the tracking URI."""
    _record("set_tracking_uri", uri)

