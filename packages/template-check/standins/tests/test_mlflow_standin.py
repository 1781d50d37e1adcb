"""Cases from MLflow's own tests (github.com/mlflow/mlflow):
tests/projects/test_project_spec.py (test_entry_point_compute_params,
test_entry_point_compute_command; the `greeter` entry point of
tests/resources/example_project/MLproject) and tests/projects/test_kubernetes.py
(test_run_command_creation, test_valid_kubernetes_job_spec,
test_push_image_to_registry_handling_errors)."""

from shlex import quote

import pytest
import yaml

from mlflow.cli import _user_args_to_dict
from mlflow.projects import kubernetes as kb
from mlflow.projects import run_kubernetes
from mlflow.projects._project_spec import EntryPoint, ExecutionException
from mx_standins import state

GREETER = EntryPoint(
    "greeter",
    {"greeting": {"default": "hi"}, "name": "string"},
    "python greeter.py {greeting} {name}",
)


def test_entry_point_compute_params():
    params, extra = GREETER.compute_parameters({"name": "friend", "excitement": 10}, None)
    assert params == {"name": "friend", "greeting": "hi"}
    assert extra == {"excitement": "10"}
    params, extra = GREETER.compute_parameters({"name": "friend", "greeting": "hello"}, None)
    assert params == {"name": "friend", "greeting": "hello"}
    assert extra == {}
    with pytest.raises(ExecutionException, match="No value given for missing parameters: 'name'"):
        GREETER.compute_parameters({}, None)


def test_entry_point_compute_command():
    command = GREETER.compute_command({"name": "friend", "excitement": 10}, None)
    assert command == "python greeter.py hi friend --excitement 10"
    name_value = "friend; echo 'hi'"
    command = GREETER.compute_command({"name": name_value}, None)
    assert command == "python greeter.py {} {}".format(quote("hi"), quote(name_value))


def test_empty_default_is_quoted():
    # The MLproject defect this kit guards against: the default "" reaches the command as ''.
    entry = EntryPoint("trainer", {"overrides": {"type": "string", "default": ""}},
                       "python trainer.py {overrides}")
    assert entry.compute_command({}, None) == "python trainer.py ''"
    assert kb._get_run_command([entry.compute_command({}, None)]) == ["python", "trainer.py", "''"]
    multi = entry.compute_command({"overrides": "a=1 b=2"}, None)
    assert multi == "python trainer.py 'a=1 b=2'"
    assert kb._get_run_command([multi]) == ["python", "trainer.py", "'a=1 b=2'"]


def test_run_command_creation():
    command = [
        "python train.py --alpha 0.5 --l1-ratio 0.1",
        "--comment 'foo bar'",
        '--comment-bis "bar foo"',
    ]
    assert kb._get_run_command(command) == [
        "python", "train.py", "--alpha", "0.5", "--l1-ratio", "0.1",
        "--comment", "'foo bar'", "--comment-bis", "'bar foo'",
    ]


def _template():
    return yaml.safe_load(
        "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: pi-with-ttl\nspec:\n"
        "  ttlSecondsAfterFinished: 100\n  template:\n    spec:\n      containers:\n"
        "      - name: pi\n        image: perl\n        command: ['perl',  '-Mbignum=bpi', '-wle']\n"
        "        env: \n        - name: DUMMY\n          value: \"test_var\"\n"
        "      restartPolicy: Never\n"
    )


def test_valid_kubernetes_job_spec(monkeypatch):
    monkeypatch.delenv("KUBE_MLFLOW_TRACKING_URI", raising=False)
    command = ["mlflow", "run", ".", "--no-conda", "-P", "alpha=0.5"]
    job = kb._get_kubernetes_job_definition(
        "mlflow-docker-example", "image_tag", "5e74a5a", command, {"RUN_ID": "1"}, _template()
    )
    container = job["spec"]["template"]["spec"]["containers"][0]
    assert container["name"] == "mlflow-docker-example"
    assert container["image"] == "image_tag@5e74a5a"
    assert container["command"] == command
    assert container["env"] == [
        {"name": "DUMMY", "value": "test_var"},
        {"name": "RUN_ID", "value": "1"},
    ]


def test_client_tracking_uri_is_appended_and_kube_uri_replaces_it(monkeypatch):
    env = {"MLFLOW_RUN_ID": "r", "MLFLOW_TRACKING_URI": "http://localhost:5000"}
    template = _template()
    template["spec"]["template"]["spec"]["containers"][0]["env"] = [
        {"name": "MLFLOW_TRACKING_URI", "value": "http://mlflow:5000"}
    ]
    monkeypatch.delenv("KUBE_MLFLOW_TRACKING_URI", raising=False)
    job = kb._get_kubernetes_job_definition("p", "i", "d", [], dict(env), yaml.safe_load(
        yaml.safe_dump(template)))
    names = [(e["name"], e["value"]) for e in job["spec"]["template"]["spec"]["containers"][0]["env"]]
    assert names[-1] == ("MLFLOW_TRACKING_URI", "http://localhost:5000")
    monkeypatch.setenv("KUBE_MLFLOW_TRACKING_URI", "http://mlflow:5000")
    job = kb._get_kubernetes_job_definition("p", "i", "d", [], dict(env), template)
    values = [e["value"] for e in job["spec"]["template"]["spec"]["containers"][0]["env"]
              if e["name"] == "MLFLOW_TRACKING_URI"]
    assert values == ["http://mlflow:5000", "http://mlflow:5000"]


def test_user_args_to_dict():
    assert _user_args_to_dict(["overrides=a=1 b=2"]) == {"overrides": "a=1 b=2"}
    with pytest.raises(ExecutionException, match="Repeated parameter: 'a'"):
        _user_args_to_dict(["a=1", "a=2"])
    with pytest.raises(ExecutionException, match="Invalid format for -P parameter"):
        _user_args_to_dict(["a"])


def test_push_image_to_registry_handling_errors(tmp_path, monkeypatch):
    monkeypatch.setenv("MX_STANDIN_STATE", str(tmp_path))
    with pytest.raises(state.StandInError, match="An image does not exist locally"):
        state.push("dockerhub_account/mlflow-kubernetes-example")


def test_artifact_registry_push_needs_configure_docker(tmp_path, monkeypatch):
    monkeypatch.setenv("MX_STANDIN_STATE", str(tmp_path))
    monkeypatch.setenv("DOCKER_CONFIG", str(tmp_path / "docker"))
    from mx_standins import docker_cli, gcloud_cli

    (tmp_path / "Dockerfile").write_text("FROM scratch\n")
    image = "europe-west4-docker.pkg.dev/p/r/img:latest"
    docker_cli.main(["build", "-t", image, str(tmp_path)])
    with pytest.raises(state.StandInError, match="gcloud auth configure-docker europe-west4"):
        docker_cli.main(["push", image])
    gcloud_cli.main(["auth", "configure-docker", "europe-west4-docker.pkg.dev", "--quiet"])
    docker_cli.main(["push", image])
    assert image in state.load_docker()["registry"]


def test_run_kubernetes_uses_the_docker_env_image(tmp_path, monkeypatch):
    monkeypatch.setenv("MX_STANDIN_STATE", str(tmp_path / "state"))
    monkeypatch.setenv("MLFLOW_TRACKING_URI", "http://localhost:5000")
    monkeypatch.delenv("KUBE_MLFLOW_TRACKING_URI", raising=False)
    project = tmp_path / "project"
    project.mkdir()
    (project / "MLproject").write_text(
        "name: demo\ndocker_env:\n  image: reg.example/demo:latest\nentry_points:\n"
        "  main:\n    parameters:\n      overrides: {type: string, default: ''}\n"
        "    command: python train.py {overrides}\n"
    )
    (project / "job.yaml").write_text(yaml.safe_dump(_template()))
    config = {"kube-job-template-path": str(project / "job.yaml"), "repository-uri": "reg/x"}
    with pytest.raises(state.StandInError, match="manifest unknown"):
        run_kubernetes(str(project), "main", {}, config, "1", False)
    data = state.load_docker()
    data["local"]["reg.example/demo:latest"] = "abc"
    state.save_docker(data)
    job = run_kubernetes(str(project), "main", {}, config, "1", False)
    container = job["spec"]["template"]["spec"]["containers"][0]
    assert container["image"].startswith("reg.example/demo:latest@sha256:")
    assert container["command"] == ["python", "train.py", "''"]
    assert [e["name"] for e in container["env"]] == [
        "DUMMY", "MLFLOW_RUN_ID", "MLFLOW_TRACKING_URI", "MLFLOW_EXPERIMENT_ID"]
