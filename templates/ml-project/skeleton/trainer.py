"""Trainer of this project: a minimal, working training loop, configured with Hydra.

Project: ${{ values.name }}.
Run it locally (``python trainer.py trainer.epochs=2``) or on the cluster through MLflow's
Kubernetes backend (``make train``). Parameters and metrics are tracked in MLflow.
"""

from __future__ import annotations

import logging

import hydra
import mlflow
import numpy as np
from omegaconf import DictConfig, OmegaConf

log = logging.getLogger(__name__)


def make_dataset(n_samples: int, n_features: int, noise: float, seed: int):
    """Return a synthetic linear-regression dataset; replace with the client's data."""
    rng = np.random.default_rng(seed)
    features = rng.normal(size=(n_samples, n_features))
    true_weights = rng.normal(size=n_features)
    targets = features @ true_weights + noise * rng.normal(size=n_samples)
    return features, targets


def train(cfg: DictConfig) -> float:
    """Train a linear model with mini-batch gradient descent; return the final loss."""
    features, targets = make_dataset(
        cfg.data.n_samples, cfg.data.n_features, cfg.data.noise, cfg.seed
    )
    rng = np.random.default_rng(cfg.seed)
    weights = np.zeros(features.shape[1])
    loss = float("inf")
    for epoch in range(cfg.trainer.epochs):
        order = rng.permutation(len(features))
        for start in range(0, len(order), cfg.trainer.batch_size):
            batch = order[start : start + cfg.trainer.batch_size]
            error = features[batch] @ weights - targets[batch]
            gradient = features[batch].T @ error / len(batch)
            weights -= cfg.optimizer.lr * gradient
        loss = float(np.mean((features @ weights - targets) ** 2))
        mlflow.log_metric("loss", loss, step=epoch)
        log.info("epoch %d loss %.5f", epoch, loss)
    return loss


@hydra.main(version_base=None, config_path="conf", config_name="config")
def main(cfg: DictConfig) -> None:
    """Entry point: log the resolved config as parameters, then train."""
    with mlflow.start_run():
        flat = OmegaConf.to_container(cfg, resolve=True)
        mlflow.log_params(
            {
                f"{section}.{key}": value
                for section, values in flat.items()
                if isinstance(values, dict)
                for key, value in values.items()
            }
        )
        final_loss = train(cfg)
        mlflow.log_metric("final_loss", final_loss)


if __name__ == "__main__":
    main()
