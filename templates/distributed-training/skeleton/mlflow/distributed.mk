# Distributed training of ${{ values.name }} (distributed-training generator):
#   make -f mlflow/distributed.mk train-distributed ARGS="trainer.epochs=20"
# Runs trainer_distributed.py as a Kubeflow PyTorchJob (mlflow/pytorchjob_template.yaml) with
# 1 master + ${{ values.workers }} workers, tracked as one MLflow run. IMAGE_TAG picks the project image
# CI built (default: latest).
MLFLOW_PORT ?= 5000
IMAGE_TAG   ?= latest
ARGS        ?=

export MLFLOW_TRACKING_URI ?= http://localhost:$(MLFLOW_PORT)
export MLFLOW_EXPERIMENT_NAME ?= ${{ values.name }}

.PHONY: train-distributed

train-distributed: ## run trainer_distributed.py on the cluster as a PyTorchJob tracked in MLflow
	python mlflow/run_distributed.py --config mlflow/distributed_kubernetes_config.json --image-tag $(IMAGE_TAG) -- $(ARGS)
