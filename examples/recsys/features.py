"""Feature engineering: the daily (user, item) feature table."""

import datetime

import flyte.io
import pandas as pd

from recsys import flyte_tasks
from recsys.flyte_tasks import BuildFeaturesOutputs


@flyte_tasks.build_features
async def build_features(
    interactions: flyte.io.DataFrame,
    catalog: flyte.io.DataFrame,
    windows: list[int] = [1, 7, 28],  # noqa: B006 (the template's default; never mutated)
    *,
    day: datetime.date,
) -> BuildFeaturesOutputs:
    events = await interactions.open(pd.DataFrame).all()
    items = await catalog.open(pd.DataFrame).all()
    events = events.merge(items[["item_id", "price"]], on="item_id", how="inner")
    # The query gives one day; a window longer than the history seen so far
    # still averages over what exists rather than padding with zeros.
    history = max(1, (day - datetime.date(day.year, 1, 1)).days + 1)
    table = events.groupby(["user_id", "item_id"], as_index=False)[["clicks", "purchases"]].sum()
    score = pd.Series(0.0, index=table.index)
    for window in windows:
        score += table["clicks"] / min(window, history)
    table["score"] = score / len(windows)
    table["label"] = (table["purchases"] > 0).astype(float)
    features = table[["user_id", "item_id", "label", "score"]]
    return BuildFeaturesOutputs(features=flyte.io.DataFrame.from_df(features), rows=len(features))

