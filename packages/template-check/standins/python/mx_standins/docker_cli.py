"""STAND-IN for the ``docker`` CLI: ``build -t``, ``tag``, ``push`` (incl. ``--all-tags``), ``pull``.

It builds nothing: ``build`` checks that the Dockerfile exists and records the tags as local
images; ``push`` needs credentials for the registry host in Docker's config (as
``gcloud auth configure-docker`` writes them) and records the image in the stand-in registry.
"""

from __future__ import annotations

import hashlib
import os
import sys
import time

from mx_standins import state


def build(args: list[str]) -> None:
    tags, dockerfile, context = [], None, None
    i = 0
    while i < len(args):
        arg = args[i]
        if arg in ("-t", "--tag"):
            tags.append(args[i + 1])
            i += 2
        elif arg in ("-f", "--file"):
            dockerfile = args[i + 1]
            i += 2
        elif arg.startswith("--tag="):
            tags.append(arg.split("=", 1)[1])
            i += 1
        elif arg.startswith("-"):
            i += 2 if arg in ("--build-arg", "--platform", "--target") else 1
        else:
            context = arg
            i += 1
    if context is None:
        raise state.StandInError('"docker build" requires exactly 1 argument (the context)')
    dockerfile = dockerfile or os.path.join(context, "Dockerfile")
    if not os.path.isfile(dockerfile):
        raise state.StandInError(f"failed to read dockerfile: open {dockerfile}: no such file")
    image_id = hashlib.sha256(f"{dockerfile}{time.time_ns()}".encode()).hexdigest()
    data = state.load_docker()
    for tag in tags:
        data["local"][state.normalize(tag)] = image_id
    state.save_docker(data)


def main(argv: list[str]) -> None:
    state.record_call("docker", argv)
    if not argv:
        raise state.StandInError("no command")
    command, args = argv[0], argv[1:]
    if command == "build":
        build(args)
    elif command == "tag":
        data = state.load_docker()
        source = state.normalize(args[0])
        if source not in data["local"]:
            raise state.StandInError(f"No such image: {args[0]}")
        data["local"][state.normalize(args[1])] = data["local"][source]
        state.save_docker(data)
    elif command == "push":
        if args and args[0] in ("-a", "--all-tags"):
            repo = args[1]
            tags = [t for t in state.load_docker()["local"] if t.rsplit(":", 1)[0] == repo]
            if not tags:
                raise state.StandInError(f"An image does not exist locally with the tag: {repo}")
            for tag in tags:
                state.push(tag)
        else:
            state.push(args[-1])
    elif command == "pull":
        state.pull(args[-1])
    elif command in ("--version", "version"):
        print("Docker version 27.0.0 (stand-in)")
    else:
        raise state.StandInError(f"docker {command}: not replayed by the stand-in")


if __name__ == "__main__":
    try:
        main(sys.argv[1:])
    except state.StandInError as error:
        state.fail("docker", error)
