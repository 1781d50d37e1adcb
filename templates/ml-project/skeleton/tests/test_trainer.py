from omegaconf import OmegaConf

from trainer import make_dataset, train


def test_dataset_shapes():
    features, targets = make_dataset(32, 4, 0.1, seed=0)
    assert features.shape == (32, 4)
    assert targets.shape == (32,)


def test_training_reduces_loss(monkeypatch):
    monkeypatch.setattr("mlflow.log_metric", lambda *a, **k: None)
    cfg = OmegaConf.load("conf/config.yaml")
    cfg.trainer.epochs = 5
    assert train(cfg) < 1.0
