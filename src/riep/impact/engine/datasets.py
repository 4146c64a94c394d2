"""The bundled published panels and the specifications that reproduce the published studies."""
from __future__ import annotations

from importlib import resources

import pandas as pd

from .panel import panel_from_frame
from .predictors import parse_predictor
from .types import Panel, SynthSpec

# ADH (2010) Table 2: synthetic California.
ADH_WEIGHTS_2010 = {"Colorado": 0.164, "Connecticut": 0.069, "Montana": 0.199, "Nevada": 0.234, "Utah": 0.334}
BASQUE = "Basque Country (Pais Vasco)"
SPAIN = "Spain (Espana)"

PROP99_PREDICTORS = (
    "lnincome:1980-1988", "retprice:1980-1988", "age15to24:1980-1988", "beer:1984-1988",
    "cigsale@1975", "cigsale@1980", "cigsale@1988",
)
# As in the R Synth package's Basque example (Abadie & Gardeazabal 2003).
BASQUE_PREDICTORS = (
    "school.illit:1964-1969", "school.prim:1964-1969", "school.med:1964-1969",
    "school.high:1964-1969", "school.post.high:1964-1969", "invest:1964-1969",
    "gdpcap:1960-1969", "sec.agriculture:1961-1969", "sec.energy:1961-1969",
    "sec.industry:1961-1969", "sec.construction:1961-1969", "sec.services.venta:1961-1969",
    "sec.services.nonventa:1961-1969", "popdens@1969",
)


def data_path(name: str):
    return resources.files("riep.impact.engine") / "data" / name


def read_csv(name: str) -> pd.DataFrame:
    with data_path(name).open("rb") as fh:
        return pd.read_csv(fh)


def prop99_panel() -> Panel:
    """ADH (2010) Proposition 99 panel: 39 states, 1970-2000, cigarette packs per capita."""
    return panel_from_frame(read_csv("smoking.csv"), "state", "year",
                            ["cigsale", "lnincome", "beer", "age15to24", "retprice"])


def prop99_spec(**overrides) -> SynthSpec:
    """California from 1989, the 38 other states as donors, ADH's seven predictors, nested V
    fitted on 1970-1988."""
    base = dict(outcome="cigsale", treated="California", treatment_time=1989,
                predictors=tuple(parse_predictor(p) for p in PROP99_PREDICTORS))
    base.update(overrides)
    return SynthSpec(**base)


def basque_panel() -> Panel:
    df = read_csv("basque.csv")
    cols = ["gdpcap", "invest", "popdens"] + [c for c in df.columns if c.startswith(("sec.", "school."))]
    return panel_from_frame(df, "regionname", "year", cols)


def basque_spec(panel: Panel | None = None, **overrides) -> SynthSpec:
    """Basque Country from 1970, the 16 other regions (Spain as a whole excluded) as donors,
    loss fitted on 1960-1969, as in the R Synth example."""
    units = (panel or basque_panel()).units
    base = dict(outcome="gdpcap", treated=BASQUE, treatment_time=1970,
                donors=tuple(u for u in units if u not in (BASQUE, SPAIN)),
                predictors=tuple(parse_predictor(p) for p in BASQUE_PREDICTORS),
                fit_period=(1960, 1969))
    base.update(overrides)
    return SynthSpec(**base)


# ADH (2015) Table 2: synthetic West Germany.
ADH_WEIGHTS_2015 = {"Austria": 0.42, "Japan": 0.16, "Netherlands": 0.09, "Switzerland": 0.11, "USA": 0.22}
GERMANY_COLUMNS = ["gdp", "trade", "infrate", "industry", "schooling", "invest60", "invest70", "invest80"]
# ADH (2015) cross-validation, as in pysyncon's example: V is chosen on 1971-1980 predictors to fit
# 1981-1990, then applied to the 1981-1990 predictors. ADH's windows include 1990, so 1990 is the
# last pre-period here (treatment 1991 for the engine; the paper marks reunification in 1990).
GERMANY_TRAINING = ("gdp:1971-1980", "trade:1971-1980", "infrate:1971-1980", "industry:1971-1980",
                    "schooling:1960-1965", "invest60@1980")
GERMANY_MAIN = ("gdp:1981-1990", "trade:1981-1990", "infrate:1981-1990", "industry:1981-1990",
                "schooling:1980-1985", "invest80@1980")


def germany_panel() -> Panel:
    """ADH (2015) German reunification panel: West Germany and 16 OECD countries, 1960-2003, as
    distributed (covariates only in some years; West Germany lacks industry in 1990)."""
    return panel_from_frame(read_csv("germany.csv"), "country", "year", GERMANY_COLUMNS)


def germany_training_spec() -> SynthSpec:
    return SynthSpec(outcome="gdp", treated="West Germany", treatment_time=1991,
                     predictors=tuple(parse_predictor(p) for p in GERMANY_TRAINING), fit_period=(1981, 1990))


def germany_spec(v: tuple[float, ...]) -> SynthSpec:
    return SynthSpec(outcome="gdp", treated="West Germany", treatment_time=1991,
                     predictors=tuple(parse_predictor(p) for p in GERMANY_MAIN), v_method="custom", custom_v=v)
