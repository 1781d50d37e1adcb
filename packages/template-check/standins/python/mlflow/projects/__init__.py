"""STAND-IN for mlflow/projects/__init__.py + utils.py + docker.py (MLflow 2.x): the Kubernetes path.

``run_kubernetes`` replays ``_run(backend_name="kubernetes")``: ``_parse_kubernetes_config``
(required keys, the job template read from ``kube-job-template-path``), ``validate_docker_env``,
``build_docker_image`` (without ``--build-image`` the job runs ``docker_env.image`` itself, pulled
when not local; with it, an image ``<repository-uri>:<git sha[:7]>`` is built FROM that image),
``push_image_to_registry`` (the digest becomes ``image@digest``), ``get_entry_point_command`` and
``get_run_env_vars`` (MLFLOW_RUN_ID, MLFLOW_TRACKING_URI = the client's tracking URI,
MLFLOW_EXPERIMENT_ID, in that order). Docker and the registry are the stand-ins of
``mx_standins.state``; the job is written to ``$MX_STANDIN_STATE/kubernetes-jobs/`` instead of
being created with the Kubernetes API (kube-context is not loaded).
"""

from __future__ import annotations

import json
import os
import subprocess
import uuid

import yaml

from mlflow.projects import kubernetes as kb
from mlflow.projects._project_spec import ExecutionException, load_project
from mx_standins import state


def _parse_kubernetes_config(backend_config):
    if not backend_config:
        raise ExecutionException("Backend_config file not found.")
    kube_config = backend_config.copy()
    if "kube-job-template-path" not in backend_config.keys():
        raise ExecutionException(
            "'kube-job-template-path' attribute must be specified in backend_config."
        )
    kube_job_template = backend_config["kube-job-template-path"]
    if os.path.exists(kube_job_template):
        with open(kube_job_template) as job_template:
            kube_config["kube-job-template"] = yaml.safe_load(job_template.read())
    else:
        raise ExecutionException(f"Could not find 'kube-job-template-path': {kube_job_template}")
    if "repository-uri" not in backend_config.keys():
        raise ExecutionException("Could not find 'repository-uri' in backend_config.")
    return kube_config


def _git_commit(work_dir):
    try:
        out = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=work_dir, capture_output=True, text=True, check=True
        )
        return out.stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None


def _build_docker_image(work_dir, repository_uri, base_image, build_image):
    """Returns the image's first tag, as ``image.tags[0]`` in MLflow."""
    data = state.load_docker()
    if state.normalize(base_image) not in data["local"]:
        state.pull(base_image)
    if not build_image:
        return state.normalize(base_image)
    git_commit = _git_commit(work_dir)
    image_uri = (repository_uri or "docker-project") + (
        ":" + git_commit[:7] if git_commit else ""
    )
    data = state.load_docker()
    data["local"][state.normalize(image_uri)] = uuid.uuid4().hex
    state.save_docker(data)
    return state.normalize(image_uri)


def get_tracking_uri():
    """mlflow.tracking.get_tracking_uri: MLFLOW_TRACKING_URI, else the local ./mlruns store."""
    return os.environ.get("MLFLOW_TRACKING_URI") or "file://" + os.path.abspath("mlruns")


def run_kubernetes(uri, entry_point, parameters, backend_config, experiment_id, build_image):
    work_dir = os.path.abspath(uri)
    project = load_project(work_dir)
    if not project.docker_env:
        raise ExecutionException(
            "Kubernetes backend needs a docker_env in MLproject (MLflow runs the job in it)."
        )
    if not project.name:
        raise ExecutionException(
            "Project name in MLProject must be specified when using docker for image tagging."
        )
    # fetch_and_validate_project: the entry point must exist before anything runs
    entry = project.get_entry_point(entry_point)
    run_id = uuid.uuid4().hex
    cwd = os.getcwd()
    os.chdir(work_dir)
    try:
        kube_config = _parse_kubernetes_config(backend_config)
    finally:
        os.chdir(cwd)
    image_tag = _build_docker_image(
        work_dir, kube_config["repository-uri"], project.docker_env.get("image"), build_image
    )
    try:
        image_digest = state.push(image_tag)
    except state.StandInError as error:
        raise ExecutionException(f"Error while pushing to docker registry: {error}") from error
    command = [entry.compute_command(parameters, None)]
    env_vars = {
        "MLFLOW_RUN_ID": run_id,
        "MLFLOW_TRACKING_URI": get_tracking_uri(),
        "MLFLOW_EXPERIMENT_ID": str(experiment_id),
    }
    job = kb._get_kubernetes_job_definition(
        project.name,
        image_tag,
        image_digest,
        kb._get_run_command(command),
        env_vars,
        kube_config["kube-job-template"],
    )
    jobs = state.state_dir() / "kubernetes-jobs"
    jobs.mkdir(exist_ok=True)
    (jobs / f"{job['metadata']['name']}.json").write_text(
        json.dumps({"job": job, "kubeContext": kube_config.get("kube-context"), "runId": run_id})
    )
    print(f"=== Created Job {job['metadata']['name']} (stand-in: written, not submitted) ===")
    return job
