"""Catalog embeddings with the fine-tuned encoder."""

import hashlib

import flyte.io
import numpy as np
import pandas as pd

from recsys import flyte_tasks
from recsys.flyte_tasks import EmbedCatalogOutputs

DIMENSIONS = 64


def _embed(texts: list[str], adapter_seed: int) -> np.ndarray:
    # Deterministic per (adapter, text), so a retried batch yields the same vectors.
    vectors = []
    for text in texts:
        seed = int.from_bytes(hashlib.sha256(f"{adapter_seed}:{text}".encode()).digest()[:8], "big")
        vector = np.random.default_rng(seed).standard_normal(DIMENSIONS)
        vectors.append(vector / np.linalg.norm(vector))
    return np.stack(vectors) if vectors else np.zeros((0, DIMENSIONS))


@flyte_tasks.embed_catalog
def embed_catalog(catalog: flyte.io.DataFrame, adapter: flyte.io.Dir, batch_size: int = 1024) -> EmbedCatalogOutputs:
    items = catalog.open(pd.DataFrame).all_sync()
    adapter_seed = int.from_bytes(hashlib.sha256(adapter.path.encode()).digest()[:4], "big")
    rows = []
    for start in range(0, len(items), batch_size):
        batch = items.iloc[start : start + batch_size]
        texts = (batch["title"] + " " + batch["category"]).tolist()
        for item_id, vector in zip(batch["item_id"], _embed(texts, adapter_seed)):
            rows.append({"item_id": item_id, "vector": vector.tolist()})
    table = pd.DataFrame(rows, columns=["item_id", "vector"])
    return EmbedCatalogOutputs(embeddings=flyte.io.DataFrame.from_df(table))
