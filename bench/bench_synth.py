"""Benchmark: riep.impact's synthetic control against pysyncon on Proposition 99, and the full
in-space placebo sweep on a generated 300-council x 20-year panel.

Run: .venv/bin/python bench/bench_synth.py [--repeats N] [--workers N] [--skip-pysyncon]

Baselines measured in the same run: pysyncon for the Proposition 99 fit (a bench-only dependency: skipped with a
note when it is not installed); for the placebo sweep, the previous implementation (every placebo's V searched as
fully as the treated fit: two L-BFGS-B descents and a Nelder-Mead polish, ``inference.SWEEP_WARM_START = False``)
against the current one (the treated fit's V among the starts, one descent from the best start, no polish), and with
--first-edition also the first edition (a fresh NNLS solve for every V: ``optimise.WARM_QP = False``). The V search
is multimodal, so a placebo can land on another local optimum and the p-value move by a rank (both are printed,
with how many placebo ratios moved).
The machine is shared: compare the ratios, not the absolute times.

Both engines fit the same specification in this one process (ADH 2010: ln GDP per capita, retail
price and share aged 15-24 averaged over 1980-88, beer 1984-88, cigarette sales in 1975, 1980 and
1988; donors the 38 other states; V chosen to minimise the 1970-1988 outcome MSPE). The loss
reported for each is that outcome MSPE for the weights it returns. BLAS is single-threaded for
both (our engine does this itself; pysyncon is wrapped the same way) so neither is slowed by
OpenBLAS threads competing on a small machine.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import warnings
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from riep.impact.engine import (  # noqa: E402
    fit_synth,
    in_space_placebos,
    inference,
    optimise,
)
from riep.impact.engine._blas import single_threaded_blas  # noqa: E402
from riep.impact.engine.datasets import ADH_WEIGHTS_2010, prop99_panel, prop99_spec, read_csv  # noqa: E402
from riep.impact.engine.optimise import outer_loss  # noqa: E402
from riep.impact.engine.predictors import parse_predictor  # noqa: E402
from riep.impact.engine.simulate import CouncilPanelSpec, council_panel  # noqa: E402
from riep.impact.engine.types import SynthSpec  # noqa: E402


def prop99_loss(weights: dict[str, float]) -> float:
    panel = prop99_panel()
    y = panel.values["cigsale"]
    pre = np.asarray(panel.times) < 1989
    donors = [u for u in panel.units if u != "California"]
    w = np.array([weights.get(d, 0.0) for d in donors])
    Z0 = y[[panel.unit_index(d) for d in donors]][:, pre].T
    return outer_loss(Z0, y[panel.unit_index("California"), pre], w)


def run_pysyncon(initial: str) -> tuple[float, dict[str, float]]:
    from pysyncon import Dataprep, Synth

    df = read_csv("smoking.csv")
    controls = sorted(set(df["state"]) - {"California"})
    dataprep = Dataprep(
        foo=df, predictors=["lnincome", "age15to24", "retprice"], predictors_op="mean",
        time_predictors_prior=range(1980, 1989),
        special_predictors=[("beer", range(1984, 1989), "mean"), ("cigsale", [1975], "mean"),
                            ("cigsale", [1980], "mean"), ("cigsale", [1988], "mean")],
        dependent="cigsale", unit_variable="state", time_variable="year",
        treatment_identifier="California", controls_identifier=controls, time_optimize_ssr=range(1970, 1989),
    )
    synth = Synth()
    start = time.perf_counter()
    with single_threaded_blas(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        synth.fit(dataprep=dataprep, optim_method="Nelder-Mead", optim_initial=initial)
    return time.perf_counter() - start, dict(zip(controls, synth.W))


def run_ours() -> tuple[float, dict[str, float]]:
    panel, spec = prop99_panel(), prop99_spec()
    start = time.perf_counter()
    result = fit_synth(panel, spec)
    return time.perf_counter() - start, result.weights_by_unit


def top(weights: dict[str, float]) -> str:
    return ", ".join(f"{k} {v:.3f}" for k, v in sorted(weights.items(), key=lambda kv: -kv[1]) if v >= 0.005)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=5, help="timed runs of our engine (median reported)")
    parser.add_argument("--pysyncon-repeats", type=int, default=2)
    parser.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1))
    parser.add_argument("--skip-pysyncon", action="store_true")
    parser.add_argument("--sweep-repeats", type=int, default=1, help="timed sweeps per implementation (median)")
    parser.add_argument("--first-edition", action="store_true", help="also time the first edition's cold QP")
    args = parser.parse_args()

    print(f"machine: {os.cpu_count()} CPU(s), load average {os.getloadavg()[0]:.2f} at start")
    print(f"ADH (2010) published weights: {top(ADH_WEIGHTS_2010)}  (loss {prop99_loss(ADH_WEIGHTS_2010):.4f})")
    print()
    run_ours()  # warm imports and caches outside the timing
    ours = [run_ours() for _ in range(args.repeats)]
    our_time = statistics.median(t for t, _ in ours)
    our_weights = ours[0][1]
    our_loss = prop99_loss(our_weights)
    print(f"riep.impact   : {our_time * 1000:8.1f} ms (median of {args.repeats}: "
          f"{', '.join(f'{t * 1000:.0f}' for t, _ in ours)} ms)  loss {our_loss:.4f}")
    print(f"                weights: {top(our_weights)}")
    if not args.skip_pysyncon:
        for initial in ("equal", "ols"):
            runs = [run_pysyncon(initial) for _ in range(args.pysyncon_repeats)]
            t = statistics.median(r[0] for r in runs)
            loss = prop99_loss(runs[0][1])
            print(f"pysyncon {initial:>5}: {t * 1000:8.1f} ms (median of {len(runs)}: "
                  f"{', '.join(f'{r[0] * 1000:.0f}' for r in runs)} ms)  loss {loss:.4f}   "
                  f"speed ratio {t / our_time:5.1f}x, loss {'lower' if our_loss < loss else 'NOT lower'} for riep.impact")
            print(f"                weights: {top(runs[0][1])}")
    print()

    panel = council_panel(CouncilPanelSpec(councils=300, years=20, seed=1))
    predictors = tuple(parse_predictor(p) for p in ("deprivation", "density", "y@2006", "y@2013", "y@2020"))
    spec = SynthSpec("y", panel.units[0], 2021, predictors=predictors)
    print("In-space placebo sweep, generated panel: 300 councils x 20 years (2006-2025, treatment 2021),")
    print("5 predictors (2 covariate means, outcome in 3 pre-years), nested V refitted for every placebo.")
    times, sweeps = {}, {}
    runs = [("previous (full V search)", "previous", True, False), ("current (warm-started)", "current", True, True)]
    if args.first_edition:
        runs.insert(0, ("first edition (cold QP)", "first", False, False))
    for label, key, warm_qp, warm_start in runs:
        optimise.WARM_QP, inference.SWEEP_WARM_START = warm_qp, warm_start
        elapsed = []
        for _ in range(args.sweep_repeats):
            start = time.perf_counter()
            sweep = in_space_placebos(panel, spec, workers=args.workers)
            elapsed.append(time.perf_counter() - start)
        times[key], sweeps[key] = statistics.median(elapsed), sweep
        print(f"  {label:26}: {times[key]:6.1f} s (median of {len(elapsed)}: {', '.join(f'{e:.1f}' for e in elapsed)}) "
              f"with workers={args.workers} for {len(sweep.placebos)} placebo fits + the treated fit "
              f"({times[key] / (len(sweep.placebos) + 1) * 1000:.0f} ms per fit); p-value {sweep.p_value:.3f}, "
              f"rank {sweep.rank}")
    optimise.WARM_QP, inference.SWEEP_WARM_START = True, True
    before = {p.unit: p.rmspe_ratio for p in sweeps["previous"].placebos}
    moved = sum(1 for p in sweeps["current"].placebos if abs(p.rmspe_ratio / before[p.unit] - 1) > 1e-6)
    print(f"  speed-up in this run: {times['previous'] / times['current']:.2f}x against the previous implementation"
          + (f", {times['first'] / times['current']:.2f}x against the first edition" if "first" in times else "")
          + f"; target: the sweep in <= 10 s ({'met' if times['current'] <= 10 else 'NOT met'} in this run)")
    print(f"  {moved} of {len(before)} placebo ratios differ from the full search's by more than 1e-6 (relative)")
    print(f"load average at end {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
