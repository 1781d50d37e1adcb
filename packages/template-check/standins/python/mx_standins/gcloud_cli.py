"""STAND-IN for ``gcloud``: ``auth configure-docker HOSTS`` writes Docker's config as gcloud does.

Real gcloud adds ``"credHelpers": {"<host>": "gcloud"}`` for each comma-separated host to
``$DOCKER_CONFIG/config.json`` (default ``~/.docker``). Every other gcloud command is recorded and
succeeds without doing anything.
"""

from __future__ import annotations

import json
import sys

from mx_standins import state


def main(argv: list[str]) -> None:
    state.record_call("gcloud", argv)
    words = [a for a in argv if not a.startswith("-")]
    if words[:2] == ["auth", "configure-docker"]:
        hosts = words[2].split(",") if len(words) > 2 else ["gcr.io"]
        config = state.load_docker_config()
        helpers = config.setdefault("credHelpers", {})
        for host in hosts:
            helpers[host.strip()] = "gcloud"
        path = state.docker_config_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(config, indent=2))


if __name__ == "__main__":
    try:
        main(sys.argv[1:])
    except state.StandInError as error:
        state.fail("gcloud", error)
