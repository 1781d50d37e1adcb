"""STAND-IN for mlflow/projects/_project_spec.py (MLflow 2.x, github.com/mlflow/mlflow).

Replays how MLflow reads an MLproject file and formats an entry point's command:
``load_project`` (docker_env validation), ``EntryPoint.compute_parameters`` /
``compute_command`` (defaults, missing parameters, ``str.format`` substitution, every value
shell-quoted with ``shlex.quote``, extra parameters appended as ``--key value``) and
``Parameter.compute_value`` (``uri`` checks; ``path`` values resolved to absolute local paths).
Not replayed: Databricks Spark jobs, downloading remote ``path`` artifacts, python_env/conda_env.
"""

from __future__ import annotations

import os
from shlex import quote

import yaml


class ExecutionException(Exception):
    """mlflow.exceptions.ExecutionException."""


DOCKER = "docker_env"
PYTHON = "python_env"
CONDA = "conda_env"
ALL_ENV_TYPES = [DOCKER, PYTHON, CONDA]


def _find_mlproject(directory):
    for filename in os.listdir(directory):
        if filename.lower() == "mlproject":
            return os.path.join(directory, filename)
    return None


def load_project(directory):
    """Replays ``load_project``: entry points and the docker_env checks."""
    mlproject_path = _find_mlproject(directory)
    yaml_obj = {}
    if mlproject_path is not None:
        with open(mlproject_path) as mlproject_file:
            yaml_obj = yaml.safe_load(mlproject_file)
    env_fields = set(yaml_obj.keys()).intersection(ALL_ENV_TYPES)
    if len(env_fields) > 1:
        raise ExecutionException(
            f"Project cannot contain multiple environment fields: {env_fields}"
        )
    entry_points = {}
    for name, entry_point_yaml in yaml_obj.get("entry_points", {}).items():
        parameters = entry_point_yaml.get("parameters", {})
        command = entry_point_yaml.get("command")
        entry_points[name] = EntryPoint(name, parameters, command)
    docker_env = yaml_obj.get(DOCKER)
    if docker_env and not docker_env.get("image"):
        raise ExecutionException(
            "Project configuration (MLproject file) was invalid: Docker "
            "environment specified but no image attribute found."
        )
    return Project(name=yaml_obj.get("name"), entry_points=entry_points, docker_env=docker_env)


class Project:
    """An MLproject: its name, entry points and docker_env."""

    def __init__(self, name, entry_points, docker_env):
        self.name = name
        self._entry_points = entry_points
        self.docker_env = docker_env

    def get_entry_point(self, entry_point):
        if entry_point in self._entry_points:
            return self._entry_points[entry_point]
        _, file_extension = os.path.splitext(entry_point)
        ext_to_cmd = {".py": "python", ".sh": os.environ.get("SHELL", "bash")}
        if file_extension in ext_to_cmd:
            command = f"{ext_to_cmd[file_extension]} {quote(entry_point)}"
            return EntryPoint(name=entry_point, parameters={}, command=command)
        raise ExecutionException(
            "Could not find {0} among entry points {1} or interpret {0} as a "
            "runnable script. Supported script file extensions: "
            "{2}".format(entry_point, list(self._entry_points.keys()), list(ext_to_cmd.keys()))
        )


class EntryPoint:
    """An entry point in an MLproject specification."""

    def __init__(self, name, parameters, command):
        self.name = name
        self.parameters = {k: Parameter(k, v) for (k, v) in parameters.items()}
        self.command = command

    def _validate_parameters(self, user_parameters):
        missing_params = [
            name
            for name in self.parameters
            if name not in user_parameters and self.parameters[name].default is None
        ]
        if missing_params:
            raise ExecutionException(
                "No value given for missing parameters: {}".format(
                    ", ".join([f"'{name}'" for name in missing_params])
                )
            )

    def compute_parameters(self, user_parameters, storage_dir):
        if user_parameters is None:
            user_parameters = {}
        self._validate_parameters(user_parameters)
        final_params = {}
        extra_params = {}
        parameter_keys = list(self.parameters.keys())
        for key in parameter_keys:
            param_obj = self.parameters[key]
            key_position = parameter_keys.index(key)
            value = user_parameters[key] if key in user_parameters else self.parameters[key].default
            final_params[key] = param_obj.compute_value(value, storage_dir, key_position)
        for key in user_parameters:
            if key not in final_params:
                extra_params[key] = user_parameters[key]
        return self._sanitize_param_dict(final_params), self._sanitize_param_dict(extra_params)

    def compute_command(self, user_parameters, storage_dir):
        params, extra_params = self.compute_parameters(user_parameters, storage_dir)
        command_with_params = self.command.format(**params)
        command_arr = [command_with_params]
        command_arr.extend([f"--{key} {value}" for key, value in extra_params.items()])
        return " ".join(command_arr)

    @staticmethod
    def _sanitize_param_dict(param_dict):
        return {str(key): quote(str(value)) for key, value in param_dict.items()}


def _is_uri(value):
    # mlflow.utils.data_utils.is_uri: a scheme ("s3://", "gs://", "file:...")
    from urllib.parse import urlparse

    return len(urlparse(value).scheme) > 0


class Parameter:
    """A parameter in an MLproject entry point."""

    def __init__(self, name, yaml_obj):
        self.name = name
        if isinstance(yaml_obj, str):
            self.type = yaml_obj
            self.default = None
        else:
            self.type = yaml_obj.get("type", "string")
            self.default = yaml_obj.get("default")

    def compute_value(self, param_value, storage_dir, key_position):
        if storage_dir and self.type == "path":
            if not os.path.exists(param_value):
                raise ExecutionException(
                    f"Got value {param_value} for parameter {self.name}, but no such file or "
                    "directory was found."
                )
            return os.path.abspath(param_value)
        if self.type == "uri":
            if not _is_uri(param_value):
                raise ExecutionException(
                    f"Expected URI for parameter {self.name} but got {param_value}"
                )
            return param_value
        return param_value
