"""Submit ``trainer_distributed.py`` as a Kubeflow PyTorchJob, tracked as one MLflow run.

MLflow's own Kubernetes backend only submits ``batch/v1`` Jobs. This launcher does the same for
the PyTorchJob template: it creates the MLflow run, fills in the ``{replaced with ...}``
placeholders of ``mlflow/pytorchjob_template.yaml`` (image, the arguments of ``torchrun``: the
entry point and its overrides, run id), submits the job with
the kube context of ``mlflow/distributed_kubernetes_config.json`` and, unless ``--no-wait``, follows
it until it succeeds or fails and closes the run accordingly.

Usage (after ``make connect``)::

    make -f mlflow/Makefile train-distributed ARGS="trainer.epochs=20"
    python mlflow/run_distributed.py --image-tag 1a2b3c4 -- optimizer.lr=0.01

Needs ``mlflow``, ``pyyaml`` and ``kubernetes`` (``pip install kubernetes``).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from pathlib import Path
from typing import Any

import yaml
from kubernetes import client
from kubernetes import config as kube_config
from mlflow.tracking import MlflowClient

PROJECT = "${{ values.name }}"
NAME_PLACEHOLDER = "{replaced with MLflow Project name}"
IMAGE_PLACEHOLDER = "{replaced with URI of Docker image created during Project execution}"
COMMAND_PLACEHOLDER = "{replaced with MLflow Project entry point command}"
RUN_ID_PLACEHOLDER = "{replaced with MLflow run id}"


def fill(node: Any, job_name: str, image: str, command: list[str], run_id: str) -> Any:
    """Return a copy of the template with every placeholder replaced."""
    if isinstance(node, dict):
        return {key: fill(value, job_name, image, command, run_id) for key, value in node.items()}
    if isinstance(node, list):
        if node == [COMMAND_PLACEHOLDER]:
            return list(command)
        return [fill(item, job_name, image, command, run_id) for item in node]
    if node == NAME_PLACEHOLDER:
        return job_name
    if node == IMAGE_PLACEHOLDER:
        return image
    if node == RUN_ID_PLACEHOLDER:
        return run_id
    return node


def job_state(job: dict) -> str | None:
    """Return Succeeded/Failed once the PyTorchJob has finished, else None."""
    for condition in (job.get("status") or {}).get("conditions") or []:
        if condition.get("status") == "True" and condition.get("type") in ("Succeeded", "Failed"):
            return condition["type"]
    return None


def main(argv: list[str] | None = None) -> int:
    """Create the MLflow run, submit the PyTorchJob and (by default) wait for it."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", default="mlflow/distributed_kubernetes_config.json")
    parser.add_argument("--image-tag", default="latest", help="tag of the project image CI built")
    parser.add_argument("--entry-point", default="trainer_distributed.py")
    parser.add_argument("--no-wait", action="store_true", help="submit and return at once")
    parser.add_argument("overrides", nargs="*", help="Hydra overrides, e.g. trainer.epochs=20")
    args = parser.parse_args(argv)

    config = json.loads(Path(args.config).read_text())
    template = yaml.safe_load(Path(config["kube-job-template-path"]).read_text())
    namespace = template["metadata"].get("namespace", "mlflow")
    image = f"{config['repository-uri']}:{args.image_tag}"
    # torchrun (the template's command) runs the entry point once per GPU of the replica
    command = [args.entry_point, *args.overrides]

    tracking = MlflowClient()
    experiment_name = os.environ.get("MLFLOW_EXPERIMENT_NAME", PROJECT)
    experiment = tracking.get_experiment_by_name(experiment_name)
    experiment_id = (
        experiment.experiment_id if experiment else tracking.create_experiment(experiment_name)
    )
    run = tracking.create_run(
        experiment_id,
        tags={
            "mlflow.source.name": args.entry_point,
            "mx.backend": "kubeflow-pytorchjob",
            "mx.image": image,
        },
    )
    run_id = run.info.run_id
    job_name = re.sub(r"[^a-z0-9-]", "-", f"{PROJECT}-{run_id[:8]}".lower())[:63].strip("-")
    job = fill(template, job_name, image, command, run_id)
    tracking.set_tag(run_id, "mx.pytorchjob", f"{namespace}/{job_name}")

    kube_config.load_kube_config(context=config.get("kube-context"))
    api = client.CustomObjectsApi()
    api.create_namespaced_custom_object("kubeflow.org", "v1", namespace, "pytorchjobs", job)
    print(f"Submitted PyTorchJob {namespace}/{job_name} for MLflow run {run_id}")
    if args.no_wait:
        return 0

    state = None
    while state is None:
        time.sleep(15)
        current = api.get_namespaced_custom_object(
            "kubeflow.org", "v1", namespace, "pytorchjobs", job_name
        )
        state = job_state(current)
    tracking.set_terminated(run_id, "FINISHED" if state == "Succeeded" else "FAILED")
    print(f"PyTorchJob {job_name}: {state}")
    return 0 if state == "Succeeded" else 1


if __name__ == "__main__":
    sys.exit(main())
