"""A trajectory's forecast and its interval, from the series so far: Holt's linear trend (an additive-error,
additive-trend exponential smoothing state-space model, ETS(A,A,N)) fitted by statsmodels, whose prediction
intervals come from the model's own error variance. Not a hand-written smoother.

Fewer than MINIMUM_POINTS values give no forecast and say so: with four or fewer points a trend model has as
many parameters as observations, and its interval would mean nothing.
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from decimal import Decimal

MINIMUM_POINTS = 5
DEFAULT_LEVEL = 80  # per cent: the band drawn around the central forecast


@dataclass(frozen=True)
class ForecastPoint:
    period: str
    central: Decimal
    lower: Decimal
    upper: Decimal


@dataclass(frozen=True)
class Forecast:
    points: list[ForecastPoint] = field(default_factory=list)
    level: int = DEFAULT_LEVEL
    method: str = "Holt's linear trend, ETS(A,A,N), fitted by statsmodels"
    refused: str = ""  # why there is no forecast (too few points)

    @property
    def available(self) -> bool:
        return not self.refused


def _places(value: float, places: int) -> Decimal:
    return Decimal(str(round(value, places)))


def forecast(values: list[Decimal], future_periods: list[str], *, level: int = DEFAULT_LEVEL, places: int = 2,
             lower_bound: Decimal | None = None, upper_bound: Decimal | None = None) -> Forecast:
    """`values` are the series in period order, without gaps. Bounds (0 and 100 for a percentage) clip the band."""
    if len(values) < MINIMUM_POINTS:
        return Forecast(refused=f"No forecast: {len(values)} value{'' if len(values) == 1 else 's'} so far, fewer than "
                                f"the minimum of {MINIMUM_POINTS} points a trend forecast needs.")
    if not future_periods:
        return Forecast(level=level)
    import pandas as pd  # noqa: PLC0415 (statsmodels and pandas are slow to import: only forecasts pay for them)
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel  # noqa: PLC0415 (same reason)

    y = pd.Series([float(v) for v in values])  # statsmodels labels its prediction frame by the series' index
    if y.max() == y.min():  # a flat series: the model's variance is zero and statsmodels warns; the answer is plain
        flat = _places(y[0], places)
        return Forecast([ForecastPoint(p, flat, flat, flat) for p in future_periods], level)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # convergence chatter on short series; the interval carries the doubt
        fitted = ETSModel(y, error="add", trend="add").fit(disp=False)
        frame = fitted.get_prediction(start=len(y), end=len(y) + len(future_periods) - 1).summary_frame(
            alpha=1 - level / 100)
    points = []
    for period, (_, row) in zip(future_periods, frame.iterrows()):
        central, lower, upper = (_places(float(row[c]), places) for c in ("mean", "pi_lower", "pi_upper"))
        if lower_bound is not None:
            central, lower, upper = (max(x, lower_bound) for x in (central, lower, upper))
        if upper_bound is not None:
            central, lower, upper = (min(x, upper_bound) for x in (central, lower, upper))
        points.append(ForecastPoint(period, central, lower, upper))
    return Forecast(points, level)
