"""Rate cards: the versioned, cited parameters a fair price is built from.

One JSON file per year and area in `riep/care/ratecards/`. Every value carries its unit, source,
date, a `verify` flag (a statutory figure not yet checked against the primary source) and an
`illustrative` flag (a default for the council to replace with local evidence). A value may carry
a low/central/high range; the floor price takes every value at its price-lowering end and the
ceiling at its price-raising end.
"""
from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path

from riep.core.fy import FinancialYear

from .needs import ServiceType

RATE_CARD_DIR = Path(__file__).resolve().parent.parent / "ratecards"
VALUE_PLACES = 4  # parameters carry at most 4 decimal places so portfolio pricing stays exact
NEED_KINDS = ("core", "one_to_one", "two_to_one", "waking_night", "sleep_in")


class RateCardError(ValueError):
    """A rate card is missing, malformed or inconsistent; the message names the file and key."""

    def __init__(self, card: str, key: str, message: str):
        self.card, self.key = card, key
        super().__init__(f"rate card {card}: {key}: {message}" if key else f"rate card {card}: {message}")


class MissingRoleError(RateCardError):
    """A staff role is needed (by a service's staffing) but has no pay rate in the card."""

    def __init__(self, card: str, role: str, needed_by: str):
        self.role = role
        super().__init__(card, f"pay.{role}", f"no pay rate for role '{role}' (needed by {needed_by})")


class Scenario(str, enum.Enum):
    FLOOR = "floor"
    CENTRAL = "central"
    CEILING = "ceiling"


# Parameters that lower the price as they rise: the floor takes their high value.
_PRICE_LOWERING = re.compile(
    r"^(statutory\.employer_ni_weekly_threshold|statutory\.pension_qualifying_earnings_lower_weekly"
    r"|services\.[^.]+\.occupancy)$"
)


@dataclass(frozen=True, slots=True)
class Parameter:
    key: str
    central: Decimal
    low: Decimal
    high: Decimal
    unit: str
    source: str
    date: str
    verify: bool = False
    illustrative: bool = False
    basis: "str | None" = None  # hotel items: per "place" (divided by occupancy) or per "resident"
    note: str = ""

    @property
    def has_range(self) -> bool:
        return self.low != self.central or self.high != self.central

    @property
    def lowers_price(self) -> bool:
        return bool(_PRICE_LOWERING.match(self.key))

    def value(self, scenario: Scenario) -> Decimal:
        if scenario is Scenario.CENTRAL:
            return self.central
        want_low = (scenario is Scenario.FLOOR) != self.lowers_price
        return self.low if want_low else self.high


@dataclass(frozen=True)
class RateCard:
    name: str
    area: str
    financial_year: FinancialYear
    vintage: str
    description: str
    parameters: tuple[Parameter, ...]
    settings: tuple[tuple[str, str], ...]  # non-numeric entries: staffing roles, premises method
    path: str = ""
    _index: dict = field(init=False, repr=False, compare=False, hash=False)
    _settings: dict = field(init=False, repr=False, compare=False, hash=False)
    cache: dict = field(init=False, repr=False, compare=False, hash=False)  # derived rates, per scenario

    def __post_init__(self) -> None:
        object.__setattr__(self, "_index", {p.key: p for p in self.parameters})
        object.__setattr__(self, "_settings", dict(self.settings))
        object.__setattr__(self, "cache", {})

    def has(self, key: str) -> bool:
        return key in self._index

    def param(self, key: str) -> Parameter:
        try:
            return self._index[key]
        except KeyError:
            raise RateCardError(self.name, key, "missing") from None

    def value(self, key: str, scenario: Scenario = Scenario.CENTRAL) -> Decimal:
        return self.param(key).value(scenario)

    def setting(self, key: str) -> str:
        try:
            return self._settings[key]
        except KeyError:
            raise RateCardError(self.name, key, "missing") from None

    def keys_under(self, prefix: str) -> list[str]:
        return [p.key for p in self.parameters if p.key.startswith(prefix + ".")]

    @property
    def services(self) -> list[ServiceType]:
        names = {key.split(".")[1] for key, _ in self.settings if key.startswith("services.")}
        return [s for s in ServiceType if s.value in names]

    @property
    def to_verify(self) -> list[Parameter]:
        return [p for p in self.parameters if p.verify]

    def expected_remaining_years(self, service: "ServiceType | str") -> Decimal | None:
        """The card's assumption of how long a reviewed placement continues (None if the card has none)."""
        key = f"services.{ServiceType(service).value}.expected_remaining_years"
        return self.value(key) if self.has(key) else None

    def with_parameter(self, key: str, **changes) -> "RateCard":
        """A copy with one parameter changed (e.g. central=Decimal("13.00")); validated."""
        old = self.param(key)
        new = replace(old, **changes)
        if "central" in changes and "low" not in changes and not old.has_range:
            new = replace(new, low=new.central, high=new.central)
        card = replace(self, parameters=tuple(new if p.key == key else p for p in self.parameters))
        validate(card)
        return card


# Every known parameter key (with * for one dotted segment) and the unit it must be given in.
_UNITS = {
    "statutory.national_living_wage": "£/hour",
    "statutory.employer_ni_rate": "%",
    "statutory.employer_ni_weekly_threshold": "£/week",
    "statutory.pension_employer_rate": "%",
    "statutory.pension_qualifying_earnings_lower_weekly": "£/week",
    "statutory.pension_qualifying_earnings_upper_weekly": "£/week",
    "statutory.holiday_cover": "%",
    "on_costs.sickness_cover": "%",
    "on_costs.training_cover": "%",
    "on_costs.fte_weekly_hours": "hours/week",
    "sleep_in.rate_per_night": "£/night",
    "pay.*": "£/hour",
    "services.*.fixed_staff_hours.*": "hours/place/week",
    "services.*.hotel.*": "£/week",
    "services.*.repairs_and_maintenance": "£/place/week",
    "services.*.premises.rent_per_place": "£/place/week",
    "services.*.premises.capital_value_per_place": "£/place",
    "services.*.premises.return_on_capital": "%",
    "services.*.occupancy": "%",
    "services.*.management_percent": "%",
    "services.*.head_office_percent": "%",
    "services.*.return_on_operations_percent": "%",
    "services.*.travel_time_per_visit_hour": "hours/visit hour",
    "services.*.mileage_per_visit_hour": "£/visit hour",
    "services.*.running_costs_per_visit_hour": "£/visit hour",
    "services.*.expected_remaining_years": "years",
}
_UNIT_PATTERNS = [(re.compile("^" + re.escape(k).replace(r"\*", r"[^.]+") + "$"), u) for k, u in _UNITS.items()]
_SETTING_PATTERN = re.compile(r"^services\.([^.]+)\.(roles\.(%s)|premises\.method)$" % "|".join(NEED_KINDS))
_REQUIRED = [k for k in _UNITS if "*" not in k]
_SERVICE_REQUIRED = ["occupancy", "head_office_percent", "return_on_operations_percent"]
PREMISES_METHODS = {"capital": ["capital_value_per_place", "return_on_capital"], "rent": ["rent_per_place"], "none": []}


def unit_for(key: str) -> "str | None":
    return next((unit for pattern, unit in _UNIT_PATTERNS if pattern.match(key)), None)


def validate(card: RateCard) -> None:
    """Raises RateCardError naming the card and key for the first inconsistency found."""
    name = card.path or card.name
    for p in card.parameters:
        expected = unit_for(p.key)
        if expected is None:
            raise RateCardError(name, p.key, "unknown parameter (check the spelling against the methodology)")
        if p.unit != expected:
            raise RateCardError(name, p.key, f"unit must be '{expected}', not '{p.unit}'")
        for label, v in (("low", p.low), ("central", p.central), ("high", p.high)):
            if not v.is_finite() or v < 0:
                raise RateCardError(name, p.key, f"{label} value {v} must be a number of at least zero")
            if v != v.quantize(Decimal(1).scaleb(-VALUE_PLACES)):
                raise RateCardError(name, p.key, f"{label} value {v} has more than {VALUE_PLACES} decimal places")
            if p.unit == "%" and v > 100:
                raise RateCardError(name, p.key, f"{label} value {v}% is over 100%")
        if not p.low <= p.central <= p.high:
            raise RateCardError(name, p.key,
                                f"range must run low ≤ central ≤ high (got {p.low}, {p.central}, {p.high})")
        if not p.source.strip() or not p.date.strip():
            raise RateCardError(name, p.key, "every value needs a source and a date")
        if ".hotel." in p.key and p.basis not in ("place", "resident"):
            raise RateCardError(name, p.key, "hotel items need basis 'place' (divided by occupancy) or 'resident'")
    for key in _REQUIRED:
        if not card.has(key):
            _missing(name, key)
    if card.param("on_costs.fte_weekly_hours").has_range or card.value("on_costs.fte_weekly_hours") <= 0:
        raise RateCardError(name, "on_costs.fte_weekly_hours", "must be a single positive number (no range)")
    nlw = card.param("statutory.national_living_wage")
    for p in card.parameters:
        if p.key.startswith("pay.") and p.low < nlw.central:
            raise RateCardError(name, p.key, f"low value {p.low} is below the National Living Wage {nlw.central}")
    for key, _value in card.settings:
        match = _SETTING_PATTERN.match(key)
        if not match:
            raise RateCardError(name, key, "unknown setting")
        try:
            ServiceType(match.group(1))
        except ValueError:
            raise RateCardError(name, key, f"unknown service type '{match.group(1)}'") from None
    for service in card.services:
        prefix = f"services.{service.value}"
        for kind in NEED_KINDS:
            role = card._settings.get(f"{prefix}.roles.{kind}") or _missing(name, f"{prefix}.roles.{kind}")
            if not card.has(f"pay.{role}"):
                raise MissingRoleError(name, role, f"{prefix}.roles.{kind}")
        for key in card.keys_under(f"{prefix}.fixed_staff_hours"):
            role = key.rsplit(".", 1)[1]
            if not card.has(f"pay.{role}"):
                raise MissingRoleError(name, role, key)
        for item in _SERVICE_REQUIRED:
            if not card.has(f"{prefix}.{item}"):
                _missing(name, f"{prefix}.{item}")
        if card.param(f"{prefix}.occupancy").low <= 0:
            raise RateCardError(name, f"{prefix}.occupancy", "must be more than 0%")
        method = card._settings.get(f"{prefix}.premises.method") or _missing(name, f"{prefix}.premises.method")
        if method not in PREMISES_METHODS:
            raise RateCardError(name, f"{prefix}.premises.method", f"must be one of {sorted(PREMISES_METHODS)}")
        for item in PREMISES_METHODS[method]:
            if not card.has(f"{prefix}.premises.{item}"):
                _missing(name, f"{prefix}.premises.{item}")


def _missing(card: str, key: str):
    raise RateCardError(card, key, "missing")
