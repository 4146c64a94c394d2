"""Realistic generated spend, with known truth, for tests and benchmarks (deterministic by seed).

Suppliers get a name (a family firm, a place-named service, an invented brand, a care home named by its
address, a council or a charity) and the spellings councils really use for one supplier: legal forms added or
dropped, case, ``&``/AND, a typo, an abbreviation, words swapped, a trading name ("X LTD T/A Y"), truncation
at an ERP field width, a leading THE. Some suppliers have a *hard negative*: a different supplier whose name
differs by one meaningful word (NORTH/SOUTH, another town, another house number).

Spend lines: each council buys from a share of suppliers (popular ones everywhere), publishes one spelling per
supplier, has busier months (March, the year end) and quieter ones (August, April), credit notes (negative
amounts), redacted personal payees and, for unit-priced services (care placements, licences), repeated line
amounts at the council's own price.
"""
from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal

import numpy as np
import pyarrow as pa

from .resolve import NameRecord

_SURNAMES = """SMITH JONES TAYLOR BROWN WILLIAMS WILSON JOHNSON DAVIES ROBINSON WRIGHT THOMPSON EVANS WALKER WHITE
ROBERTS GREEN HALL WOOD JACKSON CLARKE PATEL HARRIS LEWIS MARTIN COOPER KING HARRISON MORGAN BAKER BELL SCOTT
ALLEN YOUNG WATSON HUGHES EDWARDS HILL ANDERSON MOORE CLARK WARD TURNER CARTER PHILLIPS MITCHELL PARKER COLLINS
BENNETT SHAW MURRAY CAMPBELL REID ARMSTRONG GRAHAM ELLIOTT ROBSON RIDLEY CHARLTON DOBSON TELFER PATTISON BAGNALL
HEPPLE FENWICK LAIDLAW NIXON STOBBART WARDLE BLENKINSOP COWIE DINNING FORSTER GIBSON HENDERSON LISTER MCKENZIE
OLIVER PRESTON RUTHERFORD SWAN TODD URWIN VARDY WEBSTER YEOMAN ATKINSON BARTON CROSBY DIXON EMERSON FAIRBAIRN
GARDNER HOGG IRVING JAMIESON KERR LOWES MILBURN NICHOLSON OGLE PEARSON QUINN RAMSAY SHIELDS THORNTON""".split()
_PLACES = """NEWCASTLE GATESHEAD SUNDERLAND DURHAM DARLINGTON TYNESIDE WEARSIDE TEESSIDE HEXHAM MORPETH ALNWICK
BLYTH WHITLEY JARROW HEBBURN WASHINGTON CONSETT STANLEY CHESTER BISHOP SEAHAM PETERLEE HARTLEPOOL STOCKTON
MIDDLESBROUGH REDCAR YARM RIPON YORK LEEDS BRADFORD HALIFAX HUDDERSFIELD WAKEFIELD SHEFFIELD MANCHESTER
SALFORD BOLTON WIGAN PRESTON BLACKBURN BURNLEY CARLISLE KENDAL PENRITH NORTHUMBRIA PENNINE CHEVIOT KIELDER
TWEED WEAR TEES TYNE COQUET ALLEN DERWENT SWALE ESK""".split()
_TRADES = """CONSTRUCTION BUILDERS ROOFING PLUMBING ELECTRICAL JOINERY LANDSCAPES TAXIS COACHES CATERING CLEANING
SECURITY CARE HOMECARE NURSING TRAINING CONSULTING ENGINEERING SURVEYORS SOLICITORS ACCOUNTANTS PRINTERS
SIGNS FENCING GLAZING SCAFFOLDING TRANSPORT LOGISTICS RECRUITMENT SUPPLIES PLANT HIRE MOTORS FUELS
TIMBER FLOORING PAINTING DECORATING DRAINAGE WASTE RECYCLING SKIPS TREES GROUNDWORKS ASPHALT SURFACING""".split()
_TAILS = """SERVICES SOLUTIONS GROUP ASSOCIATES PARTNERSHIP SYSTEMS SUPPLIES CONTRACTORS INTERNATIONAL MANAGEMENT
HOLDINGS TRUST""".split()
_SYLLABLES = """AR BEL CAR DEN ELL FOR GAL HAR IN JAN KEL LUM MER NOR OX PEN QUA RIV SAL TER UL VAN WEX YOR ZEN
ALT BRI CEN DRA EVO FLU GEN HYD ION KIN LYR MAX NEX OPT PRO QUI REX SYN TEC UNI VIR XEN""".split()
_STREETS = """SEA VIEW|VILLAS;ELM|GROVE;WEST|ROAD;MILL|LANE;CHURCH|STREET;PARK|AVENUE;FRONT|STREET;STATION|ROAD;
OAK|TERRACE;VICTORIA|COURT;NORTH|PARADE;QUEENS|DRIVE;HIGH|STREET;GREEN|LANE;BRIDGE|STREET""".replace("\n", "").split(";")
_DIRECTION_SWAPS = {"NORTH": "SOUTH", "SOUTH": "NORTH", "EAST": "WEST", "WEST": "EAST"}
_LEGAL = ["LTD", "LIMITED", "Ltd", "Limited", "LTD.", "PLC", "plc", "(UK) LTD", "UK LIMITED", "LLP", "CIC"]
_ABBREVIATE = {"SERVICES": "SVCS", "MANAGEMENT": "MGMT", "ASSOCIATION": "ASSOC", "ASSOCIATES": "ASSOCS",
               "INTERNATIONAL": "INTL", "BROTHERS": "BROS", "COMPANY": "CO", "CENTRE": "CTR", "GROUP": "GRP",
               "HOLDINGS": "HLDGS", "NORTH": "NTH", "SOUTH": "STH", "AND": "&"}

# (ProClass v17 code, the expense type councils publish for it, unit-priced?)
CATEGORIES = [
    ("371000", "Electricity", False), ("371100", "Gas", False), ("371300", "Water Services", False),
    ("321017", "Residential Care", True), ("321014", "Domiciliary Care", True), ("401301", "Residential Services", True),
    ("261400", "Agency Staff", False), ("271440", "Computer Software", True), ("271699", "Telephones", False),
    ("391100", "Building Repairs & Maintenance", False), ("391400", "Highways Maintenance", False),
    ("361450", "Taxi Services", True), ("182000", "Waste Disposal", False), ("341000", "Printing & Stationery", False),
    ("281300", "Legal Fees", False), ("151000", "Consultancy Fees", False), ("111200", "Provisions", False),
    ("381100", "Vehicle Fuel", False), ("201800", "Insurance", False), ("261500", "Training", True),
]


@dataclass(frozen=True)
class Supplier:
    entity: str            # the truth: one per real supplier
    name: str              # as the supplier spells itself
    variants: tuple[str, ...]
    company_number: str | None
    category: str          # ProClass code
    popularity: float


def _coined(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.choice((2, 2, 3))))


def _base_name(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.22:
        return f"{rng.choice(_SURNAMES)} {rng.choice(_TRADES)}"
    if kind < 0.36:
        return f"{rng.choice(_SURNAMES)} & {rng.choice(_SURNAMES)}"
    if kind < 0.52:
        return f"{rng.choice(_PLACES)} {rng.choice(_TRADES)} {rng.choice(_TAILS)}"
    if kind < 0.70:
        return f"{_coined(rng)} {rng.choice(_TAILS + _TRADES)}"
    if kind < 0.80:
        return _coined(rng) + rng.choice(("", " " + rng.choice(_TAILS)))
    if kind < 0.88:
        first, second = rng.choice(_STREETS).split("|")
        return f"{rng.randint(1, 120)} {first} {second}"
    if kind < 0.94:
        return f"{rng.choice(_SURNAMES)} {rng.choice(_SURNAMES)} {rng.choice(_TRADES)}"
    direction = rng.choice(("NORTH", "SOUTH", "EAST", "WEST"))
    return f"{direction} {rng.choice(_PLACES)} {rng.choice(('COMMUNITY ASSOCIATION', 'CARERS CENTRE', 'TRUST'))}"


def _hard_negative(name: str, rng: random.Random) -> str | None:
    words = name.split()
    for i, w in enumerate(words):
        if w in _DIRECTION_SWAPS:
            return " ".join(words[:i] + [_DIRECTION_SWAPS[w]] + words[i + 1:])
    if words[0].isdigit():
        return " ".join([str(int(words[0]) + rng.choice((1, 2, 10)))] + words[1:])
    for i, w in enumerate(words):
        if w in _PLACES:
            return " ".join(words[:i] + [rng.choice([p for p in _PLACES if p != w])] + words[i + 1:])
        if w in _TRADES:
            return " ".join(words[:i] + [rng.choice([t for t in _TRADES if t != w])] + words[i + 1:])
    return None


def _typo(word: str, rng: random.Random) -> str:
    if len(word) < 5:
        return word
    i = rng.randrange(1, len(word) - 1)
    op = rng.random()
    if op < 0.3:
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    if op < 0.6:
        return word[:i] + word[i + 1:]
    if op < 0.8:
        return word[:i] + word[i] + word[i:]
    return word[:i] + rng.choice("AEIOURSTLN") + word[i + 1:]


def variant(name: str, rng: random.Random, *, company_name: str | None = None) -> str:
    """One spelling of a supplier's name as a council might publish it."""
    words = name.split()
    for _ in range(rng.choice((1, 1, 2, 2, 3))):
        op = rng.random()
        if op < 0.12 and len(words) > 1:
            i = rng.randrange(len(words))
            words[i] = _typo(words[i], rng)
        elif op < 0.22:
            words = [_ABBREVIATE.get(w, w) for w in words]
        elif op < 0.30 and 1 < len(words) <= 3 and not words[0].isdigit():
            words[0], words[1] = words[1], words[0]
        elif op < 0.40:
            words = ["AND" if w == "&" else "&" if w == "AND" else w for w in words]
        elif op < 0.46 and company_name:
            words = company_name.split() + ["T/A"] + words
        elif op < 0.52:
            words = ["THE"] + words
        elif op < 0.58 and len(" ".join(words)) > 24:
            words = " ".join(words)[:rng.choice((24, 30, 35))].split()
        elif op < 0.64:
            words = [w.replace("&", " & ") for w in words]
        else:
            words = words + [rng.choice(_LEGAL)]
    text = " ".join(words)
    case = rng.random()
    if case < 0.25:
        text = text.title()
    elif case < 0.30:
        text = text.lower()
    return text


def suppliers(n: int, *, seed: int = 0, hard_negative_share: float = 0.12) -> list[Supplier]:
    """n distinct suppliers (hard negatives among them), each with two to six spellings."""
    rng = random.Random(seed)
    seen: set[str] = set()
    out: list[Supplier] = []
    while len(out) < n:
        name = _base_name(rng)
        names = [name]
        if rng.random() < hard_negative_share:
            twin = _hard_negative(name, rng)
            if twin:
                names.append(twin)
        for each in names:
            if each in seen or len(out) >= n:
                continue
            seen.add(each)
            entity = f"E{len(out):06d}"
            holding = f"{_coined(rng)} {rng.choice(('HOLDINGS', 'GROUP', 'CARE'))} LTD" if rng.random() < 0.3 else None
            spellings = {each + " " + rng.choice(_LEGAL)}
            for _ in range(rng.choice((1, 2, 2, 3, 4, 5))):
                spellings.add(variant(each, rng, company_name=holding))
            number = f"{rng.randint(1, 13_999_999):08d}" if rng.random() < 0.6 else None
            code, _label, _unit = rng.choice(CATEGORIES)
            out.append(Supplier(entity, each, tuple(sorted(spellings)), number, code, rng.paretovariate(1.2)))
    return out


def name_records(n_names: int, *, seed: int = 0, identifier_share: float = 0.0) -> tuple[list[NameRecord], dict[str, str]]:
    """About n_names distinct published names with their true supplier — the resolution benchmark's input.

    identifier_share: the share of names published with the supplier's company number (0: names only).
    """
    rng = random.Random(seed + 1)
    records: list[NameRecord] = []
    truth: dict[str, str] = {}
    seen: set[str] = set()
    for supplier in suppliers(max(1, n_names // 3), seed=seed):
        for spelling in supplier.variants:
            if spelling in seen or len(records) >= n_names:
                continue
            seen.add(spelling)
            key = f"N{len(records):07d}"
            number = supplier.company_number if rng.random() < identifier_share else None
            records.append(NameRecord(key, spelling, company_number=number,
                                      total=Decimal(rng.randint(500, 2_000_000))))
            truth[key] = supplier.entity
    return records, truth


_SEASON = {1: 1.0, 2: 1.0, 3: 1.6, 4: 0.7, 5: 0.95, 6: 1.0, 7: 1.0, 8: 0.85, 9: 1.0, 10: 1.05, 11: 1.0, 12: 0.9}
REDACTED_NAME = "Redacted Personal Data"


def _decimal_pence(pence: np.ndarray) -> pa.Array:
    """Exact decimal128(14, 2) from integer pence, without going through floats."""
    limbs = np.empty((pence.size, 2), dtype=np.int64)
    limbs[:, 0] = pence
    limbs[:, 1] = np.where(pence < 0, -1, 0)
    return pa.Array.from_buffers(pa.decimal128(14, 2), pence.size, [None, pa.py_buffer(limbs.tobytes())])


def spend_files(councils: Sequence[str], months: Sequence[str], lines_per_file: int, *, n_suppliers: int = 2000,
                seed: int = 0, credit_share: float = 0.02, redacted_share: float = 0.03,
                company_number_councils: float = 0.4) -> Iterator[tuple[str, str, pa.Table]]:
    """(council_gss, month "YYYY-MM", lines) for every council and month: one published file each.

    Lines carry the store's columns (`analytics.store.SCHEMA`) and ``supplier_entity``, the truth. The line count
    per file follows the month's season around lines_per_file.
    """
    catalogue = suppliers(n_suppliers, seed=seed)
    popularity = np.array([s.popularity for s in catalogue])
    popularity /= popularity.sum()
    unit = {code: is_unit for code, _l, is_unit in CATEGORIES}
    labels = {code: label for code, label, _u in CATEGORIES}
    cat = np.array([s.category for s in catalogue])
    unit_priced = np.array([unit[c] for c in cat])
    base_price = np.random.default_rng(seed).lognormal(7.0, 1.1, len(catalogue))
    names_dictionary = pa.array([REDACTED_NAME] + [v for s in catalogue for v in s.variants])
    offsets = np.cumsum([0] + [len(s.variants) for s in catalogue])[:-1] + 1
    counts = np.array([len(s.variants) for s in catalogue])
    entities = pa.array(["" ] + [s.entity for s in catalogue])
    numbers = pa.array([None] + [s.company_number for s in catalogue])
    expense = pa.array([None] + [labels[c] for c in cat])
    transaction = 0
    for ci, council in enumerate(councils):
        crng = np.random.default_rng([seed, ci])
        spelling = offsets + crng.integers(0, 1 << 30, len(catalogue)) % counts  # one spelling per supplier
        price_factor = crng.uniform(0.85, 1.2, len(catalogue))  # each council's own negotiated price
        publishes_numbers = crng.random() < company_number_councils
        for mi, month in enumerate(months):
            rng = np.random.default_rng([seed, ci, mi])
            year, mon = int(month[:4]), int(month[5:7])
            n = max(1, int(lines_per_file * _SEASON[mon] * rng.uniform(0.9, 1.1)))
            who = rng.choice(len(catalogue), size=n, p=popularity)
            amount = np.where(
                unit_priced[who],
                np.round(base_price[who] * price_factor[who], 0) * rng.choice((1, 1, 1, 2, 4), size=n),
                np.round(rng.lognormal(np.log(base_price[who]), 0.8) * price_factor[who], 2),
            )
            pence = np.maximum(np.round(amount * 100).astype(np.int64), 50_000)
            credit = rng.random(n) < credit_share
            pence = np.where(credit, -pence, pence)
            redacted = rng.random(n) < redacted_share
            name_index = np.where(redacted, 0, spelling[who])
            entity_index = np.where(redacted, 0, who + 1)
            start = np.datetime64(f"{year:04d}-{mon:02d}-01")
            days = (np.datetime64(f"{year + mon // 12:04d}-{mon % 12 + 1:02d}-01") - start).astype(int)
            dates = start + rng.integers(0, days, n).astype("timedelta64[D]")
            show_number = np.zeros(n, dtype=bool) if not publishes_numbers else (rng.random(n) < 0.85) & ~redacted
            columns = {
                "file_id": pa.array(np.full(n, ci * len(months) + mi + 1, dtype=np.int64)),
                "line_number": pa.array(np.arange(1, n + 1, dtype=np.int64)),
                "payment_date": pa.array(dates, pa.date32()),
                "amount": _decimal_pence(pence),
                "supplier_name": names_dictionary.take(pa.array(name_index)),
                "redacted": pa.array(redacted),
                "company_number": numbers.take(pa.array(np.where(show_number, who + 1, 0))),
                "expense_type": expense.take(pa.array(entity_index)),
                "transaction_number": pa.array((np.arange(n) + transaction).astype(str)),
                "supplier_entity": entities.take(pa.array(entity_index)),
            }
            transaction += n
            yield council, month, pa.table(columns)


def months_between(first: str, last: str) -> list[str]:
    """["2021-04", ..., "2022-03"] for first="2021-04", last="2022-03"."""
    y, m = int(first[:4]), int(first[5:7])
    out = []
    while f"{y:04d}-{m:02d}" <= last:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out
