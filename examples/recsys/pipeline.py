"""The daily pipeline: interactions → features → training → scoring."""

import datetime

import flyte.io
import pandas as pd

from recsys import flyte_tasks
from recsys.features import build_features
from recsys.flyte_tasks import Region, RunDailyPipelineOutputs, TrainConfig
from recsys.tasks import score_candidates
from recsys.training import train_lgbm_ranker

# The model used when the pipeline runs without retraining.
PRODUCTION_RANKER = "s3://acme-flyte-artifacts/models/ranker-prod.json"
CANDIDATES_PER_USER = 50


@flyte_tasks.run_daily_pipeline
async def run_daily_pipeline(
    run_date: datetime.datetime,
    region: Region = Region.us,
    retrain: bool = True,
    config: TrainConfig = TrainConfig(),  # noqa: B008 (the template's default; never mutated)
) -> RunDailyPipelineOutputs:
    day = run_date.date()
    interactions = await flyte_tasks.daily_interactions(day=day.isoformat(), region=region.value)
    catalog = await flyte_tasks.catalog_snapshot()
    features, rows = await build_features(interactions=interactions, catalog=catalog, day=day)
    if retrain and rows:
        model, metrics = await train_lgbm_ranker.aio(
            features=features, config=config, region=region, run_label=f"daily-{day}"
        )
        print(f"ranker for {region.value}: auc={metrics.auc:.3f} ndcg@10={metrics.ndcg_at_10:.3f}")
    else:
        model = flyte.io.File.from_existing_remote(PRODUCTION_RANKER)
    table = await features.open(pd.DataFrame).all()
    # Each user's candidates: the items with the strongest recent signal.
    top = table.sort_values("score", ascending=False).groupby("user_id").head(CANDIDATES_PER_USER)
    candidates = top.groupby("user_id")["item_id"].apply(list).to_dict()
    _, (users, _) = await score_candidates(model=model, candidates=candidates)
    return RunDailyPipelineOutputs(model=model, users_scored=users)
