"""Shared state of the named stand-ins (docker, gcloud, mlflow's launcher) used by the kit."""
