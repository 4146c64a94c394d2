"""Supplier resolution quality: pairwise precision, recall and F1 on generated names with known truth, and on
the hand-labelled sample of real North East names (tests/procurement/engine/data/north_east_labelled_pairs.csv).

Run: .venv/bin/python bench/spend_resolution_quality.py [--names N] [--north-east DIR]

The real sample is scored by resolving every distinct published name of the four councils (so word weights are
those of the whole region) and asking, for each labelled pair, whether the two names landed in one cluster.
Without the North East files (DIR, default /work/shared/data/spend/north_east) the names in the labelled file are
resolved on their own.
"""
from __future__ import annotations

import argparse
import csv
import glob
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from riep.procurement.engine.generate import name_records  # noqa: E402
from riep.procurement.engine.names import is_redacted  # noqa: E402
from riep.procurement.engine.quality import labelled_pair_quality, pairwise_quality  # noqa: E402
from riep.procurement.engine.resolve import NameRecord, resolve  # noqa: E402

LABELS = Path(__file__).resolve().parents[1] / "tests/procurement/engine/data/north_east_labelled_pairs.csv"
GSS = {"darlington": "E06000005", "gateshead": "E08000037", "newcastle": "E08000021", "northtyneside": "E08000022"}
SUPPLIER_COLUMNS = {"Supplier", "Supplier Text", "Supplier id(T)", "Supplier ID(T)", "Supplier Name",
                    "Supplier (Beneficiary) Name"}


def north_east_names(folder: Path) -> set[tuple[str, str]]:
    names = set()
    for path in sorted(glob.glob(str(folder / "*.csv"))):
        council = GSS[Path(path).name.split("_")[0]]
        with open(path, encoding="utf-8-sig", errors="replace") as fh:
            reader = csv.reader(fh)
            header = next(reader)
            column = next(i for i, h in enumerate(header) if h.strip() in SUPPLIER_COLUMNS)
            for row in reader:
                if len(row) > column:
                    name = re.sub(r"\s+", " ", row[column]).strip()
                    if name and not is_redacted(name):
                        names.add((council, name))
    return names


def labelled_pairs():
    with open(LABELS, encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def real_sample_quality(folder: Path):
    pairs = labelled_pairs()
    names = north_east_names(folder) if folder.is_dir() else set()
    for p in pairs:
        names |= {(p["a_council"], p["a_name"]), (p["b_council"], p["b_name"])}
    records = [NameRecord(f"{c}|{n}", n, council=c) for c, n in sorted(names)]
    result = resolve(records)
    labels = [(f"{p['a_council']}|{p['a_name']}", f"{p['b_council']}|{p['b_name']}", p["same"] == "1")
              for p in pairs if p["same"] in ("0", "1")]
    by_sample = {}
    for sample in "ABC":
        subset = [lab for lab, p in zip(labels, [p for p in pairs if p["same"] in ("0", "1")]) if p["sample"] == sample]
        by_sample[sample] = labelled_pair_quality(result.clusters, subset)
    wrong = [(a, b, same) for a, b, same in labels if (result.clusters[a] == result.clusters[b]) != same]
    return len(records), labelled_pair_quality(result.clusters, labels), by_sample, wrong, len(labels)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--names", type=int, default=20_000)
    parser.add_argument("--north-east", type=Path, default=Path("/work/shared/data/spend/north_east"))
    args = parser.parse_args()
    for share, what in ((0.0, "names only"), (0.3, "30% of names published with a company number")):
        records, truth = name_records(args.names, seed=3, identifier_share=share)
        start = time.perf_counter()
        result = resolve(records)
        print(f"generated truth, {len(records):,} names ({what}), {time.perf_counter() - start:.1f} s: "
              f"{pairwise_quality(result.clusters, truth)}")
    n, quality, by_sample, wrong, count = real_sample_quality(args.north_east)
    print(f"hand-labelled North East sample ({count} pairs; {n:,} names resolved): {quality}")
    for sample, q in by_sample.items():
        print(f"  sample {sample}: {q}")
    for a, b, same in wrong:
        print(f"  {'missed' if same else 'wrongly merged'}: {a.split('|', 1)[1]!r} / {b.split('|', 1)[1]!r}")


if __name__ == "__main__":
    main()
