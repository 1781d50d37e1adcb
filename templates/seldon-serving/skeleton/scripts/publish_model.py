"""Copy a model version from the MLflow registry to the bucket Seldon serves it from.

Seldon Core's storage initializer reads ``gs://`` paths, not ``models:/`` registry URIs. This
script resolves the registry reference with the MLflow client, downloads the model and uploads it
to the serving path named in the model's SeldonDeployment (``infrastructure/kubernetes/model-*/``)::

    make connect   # MLflow on http://localhost:5000
    python scripts/publish_model.py <registered-model> <version|stage|@alias> <gs://bucket/path>

Then redeploy the model (Backstage: *Deploy to cluster*, ``model-<name>``) or delete its pods.
Needs ``mlflow`` and the Google Cloud CLI (``gcloud storage``), logged in with write access.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile

import mlflow


def registry_uri(model: str, version: str) -> str:
    """Return the models:/ URI of a version number, stage or @alias."""
    if version.startswith("@"):
        return f"models:/{model}{version}"
    return f"models:/{model}/{version}"


def main(argv: list[str] | None = None) -> int:
    """Download the registry version and upload it (replacing what was there)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model", help="registered model name")
    parser.add_argument("version", help="version number, stage (Production) or @alias")
    parser.add_argument("destination", help="gs:// path the SeldonDeployment serves")
    args = parser.parse_args(argv)
    if not args.destination.startswith("gs://"):
        parser.error("the destination must be a gs:// path")

    os.environ.setdefault("MLFLOW_TRACKING_URI", "http://localhost:5000")
    uri = registry_uri(args.model, args.version)
    with tempfile.TemporaryDirectory() as tmp:
        local = mlflow.artifacts.download_artifacts(artifact_uri=uri, dst_path=tmp)
        print(f"Downloaded {uri} to {local}")
        subprocess.run(
            [
                "gcloud",
                "storage",
                "rsync",
                "--recursive",
                "--delete-unmatched-destination-objects",
                local,
                args.destination.rstrip("/"),
            ],
            check=True,
        )
    print(f"Published {uri} to {args.destination}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
