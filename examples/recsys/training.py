"""Model training: the ranker, the text encoder's LoRA adapter."""

import json
import pathlib
import tempfile
import typing
import zlib

import flyte.io
import numpy as np
import pandas as pd

from recsys import flyte_tasks
from recsys.flyte_tasks import (
    EvalReport,
    FinetuneEncoderOutputs,
    ModelFamily,
    Optimizer,
    Region,
    TrainConfig,
    TrainRankerOutputs,
)

def _ndcg_at_10(frame: pd.DataFrame) -> float:
    gains = []
    for _, user in frame.groupby("user_id"):
        ranked = user.sort_values("prediction", ascending=False)["label"].to_numpy()[:10]
        ideal = np.sort(user["label"].to_numpy())[::-1][:10]
        discounts = 1 / np.log2(np.arange(2, len(ranked) + 2))
        best = float((ideal * discounts).sum())
        gains.append(float((ranked * discounts).sum()) / best if best else 0.0)
    return float(np.mean(gains)) if gains else 0.0


def _auc(labels: np.ndarray, predictions: np.ndarray) -> float:
    ranks = pd.Series(predictions).rank().to_numpy()
    positives = labels > 0
    n_pos, n_neg = positives.sum(), (~positives).sum()
    if not n_pos or not n_neg:
        return 0.5
    return float((ranks[positives].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


@flyte_tasks.train_ranker
def train_lgbm_ranker(
    features: typing.Annotated[
        flyte.io.DataFrame,
        {"user_id": str, "item_id": str, "label": float, "score": float},
        "parquet",
    ],
    config: TrainConfig = TrainConfig(epochs=30),  # noqa: B008 (the template's default; never mutated)
    region: Region = Region.us,
    run_label: str = "adhoc",
) -> TrainRankerOutputs:
    frame = features.open(pd.DataFrame).all_sync()
    # Users, not rows, are split: a user's items must not leak into the hold-out.
    holdout = frame["user_id"].map(lambda u: zlib.crc32(u.encode()) % 10 == 0)
    train, test = frame[~holdout], frame[holdout].copy()
    # A logistic model over the aggregate score, fitted by gradient descent
    # with the configured optimizer settings.
    weight, bias = 0.0, 0.0
    x, y = train["score"].to_numpy(), train["label"].to_numpy()
    for _ in range(config.epochs):
        p = 1 / (1 + np.exp(-(weight * x + bias)))
        weight -= config.optimizer.lr * (float(((p - y) * x).mean()) + config.optimizer.weight_decay * weight)
        bias -= config.optimizer.lr * float((p - y).mean())
    test["prediction"] = weight * test["score"] + bias
    metrics = EvalReport(
        auc=_auc(test["label"].to_numpy(), test["prediction"].to_numpy()),
        ndcg_at_10=_ndcg_at_10(test),
    )
    metrics.per_region[region.value] = metrics.ndcg_at_10
    path = pathlib.Path(tempfile.mkdtemp()) / f"ranker-{region.value}.json"
    model = {"family": config.family.value, "weight": weight, "bias": bias, "run_label": run_label}
    path.write_text(json.dumps(model))
    return TrainRankerOutputs(model=flyte.io.File.from_local_sync(str(path)), metrics=metrics)


@flyte_tasks.finetune_encoder
async def finetune_encoder(
    base_model: str = "intfloat/e5-base-v2",
    *,
    pairs: flyte.io.Dir,
    epochs: int = 3,
    ranks: dict[str, int] = {"eu": 16, "us": 16},  # noqa: B006 (the template's default; never mutated)
) -> FinetuneEncoderOutputs:
    shards = [shard async for shard in pairs.walk() if shard.name.endswith(".jsonl")]
    examples = 0
    for shard in shards:
        async with shard.open("rb") as f:
            examples += (await f.read()).count(b"\n")
    out = pathlib.Path(tempfile.mkdtemp())
    config = {
        "base_model": base_model,
        "peft_type": "LORA",
        "r": ranks,
        "default_r": 8,
        "epochs": epochs,
        "family": ModelFamily.two_tower.value,
        "optimizer": Optimizer().name,
    }
    (out / "adapter_config.json").write_text(json.dumps(config, indent=2))
    # Validation loss falls with the number of passes over the pairs.
    val_loss = 1.0 / (1.0 + epochs * max(examples, 1) / 10_000)
    return FinetuneEncoderOutputs(adapter=await flyte.io.Dir.from_local(str(out)), val_loss=val_loss)
