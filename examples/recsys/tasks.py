"""Candidate scoring in the warm pool (the workspace's default module)."""

import datetime
import json
import time
import typing
import zlib

import flyte.io

from recsys import flyte_tasks
from recsys.flyte_tasks import ScoreCandidatesOutputs


def _bucket_boost(ab_bucket: int | str | None) -> float:
    # The treatment buckets try a stronger popularity prior than the control group.
    if ab_bucket is None:
        return 0.0
    return 0.05 if isinstance(ab_bucket, int) else 0.1


@flyte_tasks.score_candidates
async def score_candidates(
    model: flyte.io.File,
    candidates: dict[str, list[str]],
    min_score: float = 0.0,
    position_bias: dict[int, float] = {},  # noqa: B006 (the template's default; never mutated)
    ab_bucket: int | str | None = None,
    budget: datetime.timedelta = datetime.timedelta(milliseconds=250),
    model_overrides: typing.Optional[dict] = None,
) -> ScoreCandidatesOutputs:
    async with model.open("rb") as f:
        ranker = json.loads(await f.read())
    ranker.update(model_overrides or {})
    boost = _bucket_boost(ab_bucket)
    deadline = time.monotonic() + budget.total_seconds() * max(len(candidates), 1)
    scores: dict[str, list[float]] = {}
    for user, items in candidates.items():
        if time.monotonic() > deadline:
            break
        user_scores = []
        for position, item in enumerate(items):
            prior = (zlib.crc32(item.encode()) % 1000) / 1000 + boost
            score = (ranker["weight"] * prior + ranker["bias"]) * position_bias.get(position, 1.0)
            user_scores.append(score if score >= min_score else 0.0)
        scores[user] = user_scores
    flat = [s for user_scores in scores.values() for s in user_scores]
    mean = sum(flat) / len(flat) if flat else 0.0
    return ScoreCandidatesOutputs(scores=scores, stats=(len(scores), mean))
