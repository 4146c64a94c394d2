"""The reorganisation pages' tables: one definition each for the page, the CSV and the XLSX (riep.core.tables)."""
from __future__ import annotations

from decimal import Decimal

from riep.core.tables import COUNT, DATE, MONEY, NUMBER, PERCENTAGE, TEXT, Column, Table
from riep.reorg.calc.harmonisation import HarmonisationPath
from riep.reorg.calc.options import KINDS
from riep.reorg.calc.sharing import BusinessCase

ILLUSTRATIVE = "Illustrative figures (demo), not the councils' published accounts. "


def plain(value: Decimal) -> Decimal:
    """1500000.0000 → 1500000, 0.3500 → 0.35: as many places as the value needs."""
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def options_side_by_side(set_run, caption: str | None = None) -> Table:
    rows = []
    for run in set_run.options:
        r = run.option
        rows.append({"option": r.option, "steady": r.steady_net_saving, "payback": r.payback_year, "npv": r.npv,
                     "p10": run.range.p10, "p50": run.range.p50, "p90": run.range.p90})
    return Table(f"options-{set_run.assumption_set.pk}", caption or f"Options side by side: {set_run.assumption_set}", [
        Column("option", "Option"), Column("steady", "Net saving a year at full savings", MONEY),
        Column("payback", "Payback year (0 = vesting year)", COUNT), Column("npv", "NPV (central)", MONEY),
        Column("p10", "NPV P10", MONEY), Column("p50", "NPV P50", MONEY), Column("p90", "NPV P90", MONEY)], rows,
        note="NPV at the Green Book discount rates (3.5% a year to year 30). P10/P50/P90 from a simulation over the "
             "assumption ranges (triangular distributions; see the methodology). A blank payback year: not within "
             "the horizon.")


def option_years(set_run, index: int, first_year) -> Table:
    run = set_run.options[index]
    rows = [{"year": y.year, "fy": str(first_year + y.year), "gross": y.gross_saving, "disagg": y.disaggregation,
             "transition": y.transition, "net": y.net, "cumulative": y.cumulative} for y in run.option.years]
    return Table(f"years-{set_run.assumption_set.pk}-{index}", f"{run.option.option}: by year ({set_run.assumption_set})", [
        Column("year", "Year from vesting", COUNT), Column("fy", "Financial year"),
        Column("gross", "Gross saving", MONEY), Column("disagg", "Disaggregation cost", MONEY),
        Column("transition", "Transition cost", MONEY), Column("net", "Net saving", MONEY),
        Column("cumulative", "Cumulative position", MONEY)], rows)


def tornado_table(set_run, index: int) -> Table:
    run = set_run.options[index]
    rows = [{"label": b.label, "low": b.at_low.quantize(_P), "high": b.at_high.quantize(_P), "swing": b.swing.quantize(_P)}
            for b in run.tornado]
    return Table(f"tornado-{set_run.assumption_set.pk}-{index}",
                 f"{run.option.option}: what moves the NPV most ({set_run.assumption_set})", [
                     Column("label", "Assumption"), Column("low", "NPV with it at its low", MONEY),
                     Column("high", "NPV with it at its high", MONEY), Column("swing", "Swing", MONEY)], rows,
                 note="Each assumption at its low and its high, every other at its central value.")


def assumptions_table(set_run) -> Table:
    rows = [{"label": a.label, "kind": KINDS[a.kind].split(" (")[0], "low": plain(a.low), "central": plain(a.central),
             "high": plain(a.high), "source": a.source_note} for a in set_run.assumptions]
    return Table(f"assumptions-{set_run.assumption_set.pk}", f"Assumptions: {set_run.assumption_set}", [
        Column("label", "Assumption"), Column("kind", "Kind"), Column("low", "Low", NUMBER),
        Column("central", "Central", NUMBER), Column("high", "High", NUMBER), Column("source", "Source note")], rows,
        note="Aggregation savings in % of the merged councils' spend a year; disaggregation costs in £ a year per "
             "extra piece a county service is split into; transition costs in £ (one-off) per successor council.")


def harmonisation_band_d(path: HarmonisationPath) -> Table:
    years = sorted({r.year for r in path.areas})
    areas = list(dict.fromkeys(r.area for r in path.areas))
    rows = []
    for area in areas:
        row = {"area": area}
        for r in path.areas:
            if r.area == area:
                row[f"y{r.year}"] = r.band_d
        rows.append(row)
    cols = [Column("area", "Former area")] + [Column(f"y{y}", "Before vesting" if y == 0 else f"Year {y}", MONEY)
                                             for y in years]
    return Table(f"band-d-{path.target}", f"{path.label} over {path.years} years: Band D by former area", cols, rows,
                 note=f"Target Band D £{path.target_band_d:,.2f}." + (" Referendum limit breached: "
                                                                      + "; ".join(path.breaches) if path.breaches else ""))


def harmonisation_totals(paths: list[HarmonisationPath]) -> Table:
    rows = []
    for p in paths:
        for t in p.totals:
            rows.append({"path": p.label, "year": "Before vesting" if t.year == 0 else f"Year {t.year}",
                         "yield": t.yield_, "foregone": t.foregone})
        rows.append({"path": p.label, "year": "Total, years 1–8", "yield": sum(t.yield_ for t in p.totals[1:]),
                     "foregone": p.total_foregone})
    return Table("harmonisation-yield", "Yield and income foregone against the weighted-average path", [
        Column("path", "Path"), Column("year", "Year"), Column("yield", "Council tax yield", MONEY),
        Column("foregone", "Income foregone", MONEY)], rows,
        note="Yield = Σ Band D × tax base (Band D equivalents). Income foregone = weighted-average path − this path.")


def business_case_tables(case: BusinessCase, functions: dict) -> list[Table]:
    fn_rows = [{"function": functions.get(f, f), "low": v["low"], "central": v["central"], "high": v["high"]}
               for f, v in case.saving_by_function.items()]
    savings = Table("savings", "Savings a year by function", [
        Column("function", "Function"), Column("low", "Low", MONEY), Column("central", "Central", MONEY),
        Column("high", "High", MONEY)], fn_rows,
        footer={"function": "Total", **case.saving})
    share_rows = [{"council": s.council, "share": s.share, "set_up": s.set_up, "running": s.running_cost,
                   "saving": s.saving["central"], "released_low": s.cash_released["low"],
                   "released": s.cash_released["central"], "released_high": s.cash_released["high"]}
                  for s in case.shares]
    shares = Table("shares", "Each council's share: cash released for frontline services", [
        Column("council", "Council"), Column("share", "Share", PERCENTAGE), Column("set_up", "Set-up cost", MONEY),
        Column("running", "Running cost a year", MONEY), Column("saving", "Saving a year (central)", MONEY),
        Column("released_low", "Cash released a year (low)", MONEY),
        Column("released", "Cash released a year (central)", MONEY),
        Column("released_high", "Cash released a year (high)", MONEY)], share_rows,
        note="Cash released for frontline services = the council's share of the saving − its share of the running cost.")
    payback = Table("payback", "Payback", [Column("level", "Savings at"), Column("years", "Payback (years)", NUMBER)],
                    [{"level": lvl, "years": case.payback_years[lvl]} for lvl in ("low", "central", "high")],
                    note="Set-up cost ÷ (yearly saving − running cost). Blank: it does not pay back.")
    return [savings, shares, payback]


def offers_table(offers, caption="Offers of planning capacity") -> Table:
    return Table("offers", caption, [
        Column("council", "Offering council"), Column("specialism", "Specialism"), Column("days", "Officer days", COUNT),
        Column("start", "From", DATE), Column("end", "To", DATE), Column("travel", "Will travel (km)", COUNT)],
        [{"council": str(o.council), "specialism": o.get_specialism_display(), "days": o.days, "start": o.start,
          "end": o.end, "travel": o.max_travel_km} for o in offers])


def requests_table(requests) -> Table:
    return Table("requests", "Requests for planning capacity", [
        Column("council", "Requesting council"), Column("specialism", "Specialism"),
        Column("days", "Officer days", COUNT), Column("start", "From", DATE), Column("end", "To", DATE)],
        [{"council": str(r.council), "specialism": r.get_specialism_display(), "days": r.days, "start": r.start,
          "end": r.end} for r in requests])


def proposal_table(rows) -> Table:
    return Table("proposal", "Proposed placements (optimal: most officer days placed, then least travel)", [
        Column("from", "From"), Column("to", "To"), Column("specialism", "Specialism"),
        Column("days", "Officer days", COUNT), Column("km", "Distance (km)", COUNT), Column("status", "Status", TEXT)],
        rows)


def placements_table(placements) -> Table:
    return Table("placements", "Agreed placements", [
        Column("from", "From"), Column("to", "To"), Column("days", "Officer days", COUNT),
        Column("rate", "Recharge a day", MONEY), Column("recharge", "Recharge in all", MONEY),
        Column("agreed", "Agreed on", DATE), Column("project", "Partnership project")],
        [{"from": str(p.offer.council), "to": str(p.request.council), "days": p.days, "rate": p.recharge_per_day,
          "recharge": p.recharge_per_day * p.days, "agreed": p.agreed_on,
          "project": p.project.code if p.project else ""} for p in placements])


_P = Decimal("0.01")
