"""STAND-IN for mlflow/projects/kubernetes.py (MLflow 2.x, github.com/mlflow/mlflow).

``_get_run_command`` and ``_get_kubernetes_job_definition`` are replayed line for line: the entry
point command is split with ``shlex.split`` and every word quoted AGAIN with ``shlex.quote``
(Kubernetes runs the container command without a shell, so those quotes reach the program), and
the run's environment variables are APPENDED to the job template's first container ``env``, after
the template's own entries; ``KUBE_MLFLOW_TRACKING_URI`` (when set in the client's environment)
replaces the client's ``MLFLOW_TRACKING_URI`` first. The job is written to a file instead of
being created through the Kubernetes API.
"""

from __future__ import annotations

import os
from datetime import datetime
from shlex import quote, split


def _get_kubernetes_job_definition(
    project_name, image_tag, image_digest, command, env_vars, job_template
):
    container_image = image_tag + "@" + image_digest
    timestamp = datetime.now().strftime("%Y-%m-%d-%H-%M-%S-%f")
    job_name = f"{project_name}-{timestamp}"
    if os.environ.get("KUBE_MLFLOW_TRACKING_URI") is not None:
        env_vars["MLFLOW_TRACKING_URI"] = os.environ["KUBE_MLFLOW_TRACKING_URI"]
    environment_variables = [{"name": k, "value": v} for k, v in env_vars.items()]
    job_template["metadata"]["name"] = job_name
    job_template["spec"]["template"]["spec"]["containers"][0]["name"] = project_name
    job_template["spec"]["template"]["spec"]["containers"][0]["image"] = container_image
    job_template["spec"]["template"]["spec"]["containers"][0]["command"] = command
    if "env" not in job_template["spec"]["template"]["spec"]["containers"][0].keys():
        job_template["spec"]["template"]["spec"]["containers"][0]["env"] = []
    job_template["spec"]["template"]["spec"]["containers"][0]["env"] += environment_variables
    return job_template


def _get_run_command(entrypoint_command):
    formatted_command = []
    for cmd in entrypoint_command:
        formatted_command.extend([quote(s) for s in split(cmd)])
    return formatted_command
