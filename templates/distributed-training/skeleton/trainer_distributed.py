"""Distributed trainer of ${{ values.name }}.

PyTorch DDP, configured with Hydra.

Every replica of the PyTorchJob (``mlflow/pytorchjob_template.yaml``) runs it under ``torchrun``,
one process per GPU: torchrun sets ``RANK``, ``WORLD_SIZE`` and ``LOCAL_RANK`` (the process's GPU)
from what the Kubeflow training operator gives the replica. Rank 0 logs parameters and metrics to
the MLflow run named by ``MLFLOW_RUN_ID``. Locally it runs as a single process
(``python trainer_distributed.py trainer.epochs=2``) or as several
(``torchrun --nproc_per_node=2 trainer_distributed.py``).
"""

from __future__ import annotations

import logging
import os

import hydra
import mlflow
import torch
import torch.distributed as dist
from omegaconf import DictConfig, OmegaConf
from torch import nn
from torch.nn.parallel import DistributedDataParallel
from torch.utils.data import DataLoader, DistributedSampler, TensorDataset

log = logging.getLogger(__name__)


def make_dataset(n_samples: int, n_features: int, noise: float, seed: int) -> TensorDataset:
    """Return a synthetic linear-regression dataset; replace with the client's data."""
    generator = torch.Generator().manual_seed(seed)
    features = torch.randn(n_samples, n_features, generator=generator)
    true_weights = torch.randn(n_features, 1, generator=generator)
    targets = features @ true_weights + noise * torch.randn(n_samples, 1, generator=generator)
    return TensorDataset(features, targets)


def setup() -> tuple[int, int, torch.device]:
    """Join the process group when launched by the training operator; return rank, size, device."""
    world_size = int(os.environ.get("WORLD_SIZE", "1"))
    rank = int(os.environ.get("RANK", "0"))
    if torch.cuda.is_available():
        local_rank = int(os.environ.get("LOCAL_RANK", "0"))
        torch.cuda.set_device(local_rank)
        device = torch.device("cuda", local_rank)
    else:
        device = torch.device("cpu")
    if world_size > 1:
        dist.init_process_group("nccl" if device.type == "cuda" else "gloo")
    return rank, world_size, device


def train(cfg: DictConfig, rank: int, world_size: int, device: torch.device) -> float:
    """Train a linear model with DDP; return the final mean squared error (all replicas)."""
    dataset = make_dataset(cfg.data.n_samples, cfg.data.n_features, cfg.data.noise, cfg.seed)
    sampler = DistributedSampler(dataset, num_replicas=world_size, rank=rank, seed=cfg.seed)
    loader = DataLoader(dataset, batch_size=cfg.trainer.batch_size, sampler=sampler)
    model = nn.Linear(cfg.data.n_features, 1).to(device)
    if world_size > 1:
        device_ids = [device.index] if device.type == "cuda" else None
        model = DistributedDataParallel(model, device_ids=device_ids)
    optimizer = torch.optim.SGD(model.parameters(), lr=cfg.optimizer.lr)
    loss_fn = nn.MSELoss()
    loss = torch.tensor(float("inf"), device=device)
    for epoch in range(cfg.trainer.epochs):
        sampler.set_epoch(epoch)
        total = torch.zeros(2, device=device)
        for features, targets in loader:
            features, targets = features.to(device), targets.to(device)
            optimizer.zero_grad()
            batch_loss = loss_fn(model(features), targets)
            batch_loss.backward()
            optimizer.step()
            count = torch.tensor(len(features), device=device, dtype=total.dtype)
            total += torch.stack([batch_loss.detach() * count, count])
        if world_size > 1:
            dist.all_reduce(total)
        loss = total[0] / total[1]
        if rank == 0:
            mlflow.log_metric("loss", loss.item(), step=epoch)
            log.info("epoch %d loss %.5f", epoch, loss.item())
    return loss.item()


@hydra.main(version_base=None, config_path="conf", config_name="config")
def main(cfg: DictConfig) -> None:
    """Entry point: set up the process group, train, log from rank 0."""
    rank, world_size, device = setup()
    try:
        if rank == 0:
            run_id = os.environ.get("MLFLOW_RUN_ID") or None
            with mlflow.start_run(run_id=run_id):
                flat = OmegaConf.to_container(cfg, resolve=True)
                params = {
                    f"{section}.{key}": value
                    for section, values in flat.items()
                    if isinstance(values, dict)
                    for key, value in values.items()
                }
                params["distributed.world_size"] = world_size
                mlflow.log_params(params)
                mlflow.log_metric("final_loss", train(cfg, rank, world_size, device))
        else:
            train(cfg, rank, world_size, device)
    finally:
        if dist.is_initialized():
            dist.destroy_process_group()


if __name__ == "__main__":
    main()
