"""The weekly offline-metrics report."""

import datetime
import html
import pathlib
import tempfile

import flyte.io
import flyte.report

from recsys import flyte_tasks
from recsys.flyte_tasks import Region


@flyte_tasks.weekly_report
def weekly_report(
    week_start: datetime.datetime,
    regions: list[Region] = [Region.us, Region.eu, Region.apac],  # noqa: B006 (the template's default)
) -> flyte.io.File:
    week_end = week_start + datetime.timedelta(days=7)
    rows = "".join(f"<tr><td>{html.escape(r.value)}</td></tr>" for r in regions)
    page = (
        f"<h2>Recsys offline metrics, {week_start:%Y-%m-%d} to {week_end:%Y-%m-%d}</h2>"
        f"<table><tr><th>market</th></tr>{rows}</table>"
    )
    # The same page goes to the run's report tab and to a file the review links to.
    flyte.report.get_tab("main").log(page)
    path = pathlib.Path(tempfile.mkdtemp()) / f"recsys-week-{week_start:%G-W%V}.html"
    path.write_text(page)
    return flyte.io.File.from_local_sync(str(path))
