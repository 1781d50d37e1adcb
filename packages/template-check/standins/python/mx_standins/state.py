"""STAND-IN state: what the docker / gcloud stand-ins did, kept in ``$MX_STANDIN_STATE``.

The Docker daemon's images and the registry's manifests are a JSON file; registry credentials are
Docker's own ``$DOCKER_CONFIG/config.json`` (``credHelpers`` / ``auths``), which
``gcloud auth configure-docker`` writes and ``docker push`` reads, as the real tools do.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path


class StandInError(Exception):
    """A failure the real tool would report; the CLI stand-ins print it and exit 1."""


def state_dir() -> Path:
    value = os.environ.get("MX_STANDIN_STATE")
    if not value:
        raise StandInError("MX_STANDIN_STATE is not set: the stand-ins keep their state there")
    path = Path(value)
    path.mkdir(parents=True, exist_ok=True)
    return path


def record_call(tool: str, argv: list[str]) -> None:
    """Append one command line to calls.jsonl (what ran, in order)."""
    with open(state_dir() / "calls.jsonl", "a") as handle:
        handle.write(json.dumps({"tool": tool, "argv": argv, "cwd": os.getcwd()}) + "\n")


def _docker_file() -> Path:
    return state_dir() / "docker.json"


def load_docker() -> dict:
    if _docker_file().exists():
        return json.loads(_docker_file().read_text())
    return {"local": {}, "registry": {}}


def save_docker(data: dict) -> None:
    _docker_file().write_text(json.dumps(data, indent=2))


def docker_config_path() -> Path:
    base = os.environ.get("DOCKER_CONFIG") or os.path.join(os.path.expanduser("~"), ".docker")
    return Path(base) / "config.json"


def load_docker_config() -> dict:
    path = docker_config_path()
    return json.loads(path.read_text()) if path.exists() else {}


def registry_host(image: str) -> str:
    """Docker's reference rule: the first component is a registry host when it has '.' or ':'."""
    first = image.split("/", 1)[0]
    if "/" in image and ("." in first or ":" in first or first == "localhost"):
        return first
    return "docker.io"


def normalize(image: str) -> str:
    """An image reference without a tag means :latest."""
    last = image.rsplit("/", 1)[-1]
    return image if (":" in last or "@" in last) else f"{image}:latest"


def require_push_credentials(image: str) -> None:
    """Artifact Registry and gcr.io refuse a push without credentials for their host."""
    host = registry_host(image)
    config = load_docker_config()
    if host in (config.get("credHelpers") or {}) or host in (config.get("auths") or {}):
        return
    if host.endswith("-docker.pkg.dev") or host.endswith("gcr.io"):
        raise StandInError(
            "denied: Unauthenticated request. Unauthenticated requests do not have permission "
            f'"artifactregistry.repositories.uploadArtifacts" on resource of {image} '
            f"(no credentials for {host} in {docker_config_path()}: "
            f"run `gcloud auth configure-docker {host}` first)"
        )


def digest_of(image_id: str) -> str:
    return "sha256:" + hashlib.sha256(image_id.encode()).hexdigest()


def push(image: str) -> str:
    """Push a local image; returns the registry digest."""
    image = normalize(image)
    data = load_docker()
    if image not in data["local"]:
        raise StandInError(f"An image does not exist locally with the tag: {image}")
    require_push_credentials(image)
    digest = digest_of(data["local"][image])
    data["registry"][image] = digest
    save_docker(data)
    return digest


def pull(image: str) -> None:
    image = normalize(image)
    data = load_docker()
    if image not in data["registry"]:
        raise StandInError(
            f"Error response from daemon: manifest for {image} not found: manifest unknown: "
            "no image was pushed with this tag (by a Makefile target or Cloud Build)"
        )
    data["local"][image] = data["registry"][image]
    save_docker(data)


def fail(tool: str, error: Exception) -> None:
    print(f"{tool} (stand-in): {error}", file=sys.stderr)
    sys.exit(1)
