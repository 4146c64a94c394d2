"""A person's support needs as weekly hours, and the kinds of service that meet them.

Hours may carry up to 4 decimal places (10 minutes = 0.1667 h) so that portfolio
pricing can hold them as exact integers; money is never involved here.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

# One person cannot receive more than a week of hours of any one kind of support.
HOURS_IN_WEEK = Decimal(168)
MAX_SHARED_BY = 100
HOURS_PLACES = 4
_QUANTUM = Decimal(1).scaleb(-HOURS_PLACES)


class ServiceType(str, enum.Enum):
    RESIDENTIAL = "residential"
    SUPPORTED_LIVING_ACCOMMODATION = "supported_living_accommodation"
    SUPPORTED_LIVING_FLOATING = "supported_living_floating"
    HOMECARE = "homecare"

    @property
    def label(self) -> str:
        return _LABELS[self]

    @classmethod
    def parse(cls, value: "str | ServiceType") -> "ServiceType":
        """Accepts the value in any case, with spaces or hyphens for underscores."""
        if isinstance(value, ServiceType):
            return value
        text = str(value).strip().lower().replace("-", "_").replace(" ", "_")
        try:
            return cls(text)
        except ValueError:
            accepted = ", ".join(s.value for s in cls)
            raise ValueError(f"'{value}' is not a service type (expected one of: {accepted})") from None


_LABELS = {
    ServiceType.RESIDENTIAL: "Residential care",
    ServiceType.SUPPORTED_LIVING_ACCOMMODATION: "Supported living (accommodation-based)",
    ServiceType.SUPPORTED_LIVING_FLOATING: "Supported living (floating support)",
    ServiceType.HOMECARE: "Homecare",
}

# Services delivered in the person's own home have no shared staff team on site.
_NO_SHARED_CORE = {ServiceType.SUPPORTED_LIVING_FLOATING, ServiceType.HOMECARE}

HOUR_FIELDS = ("shared_core_hours", "one_to_one_hours", "two_to_one_hours", "waking_night_hours")
NEEDS_FIELDS = HOUR_FIELDS + ("sleep_in_nights",)


def to_hours(value: "str | int | Decimal", field: str = "hours") -> Decimal:
    """Parses a non-negative quantity with at most 4 decimal places; refuses floats and money."""
    if isinstance(value, float):
        raise TypeError(f"{field} must not be a float; pass a string or Decimal")
    if isinstance(value, bool):
        raise ValueError(f"{field}: {value!r} is not a number")
    if isinstance(value, (int, Decimal)):
        amount = Decimal(value)
    else:
        text = str(value).strip().replace(",", "")
        if text == "":
            return Decimal(0)
        if "£" in text:
            raise ValueError(f"{field}: '{value}' looks like money, not a number of hours or nights")
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise ValueError(f"{field}: '{value}' is not a number") from None
    if not amount.is_finite():
        raise ValueError(f"{field}: '{value}' is not a number")
    if amount < 0:
        raise ValueError(f"{field}: {value} is negative")
    if amount != amount.quantize(_QUANTUM):
        raise ValueError(f"{field}: {value} has more than {HOURS_PLACES} decimal places")
    return amount.quantize(_QUANTUM)


def to_count(value: "str | int | Decimal", field: str) -> int:
    """A whole number of people, at least 1."""
    if isinstance(value, float):
        raise TypeError(f"{field} must not be a float")
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise ValueError(f"{field}: '{value}' is not a whole number of people") from None
    if not number.is_finite() or number != number.to_integral_value():
        raise ValueError(f"{field}: '{value}' is not a whole number of people")
    if not 1 <= number <= MAX_SHARED_BY:
        raise ValueError(f"{field}: {value} must be between 1 and {MAX_SHARED_BY}")
    return int(number)


@dataclass(frozen=True, slots=True)
class SupportNeeds:
    """Weekly support for one person.

    Shared core hours, waking-night hours and sleep-in nights are the setting's totals, divided
    equally among the people sharing them; one-to-one and two-to-one hours are the person's own
    (two-to-one hours need two staff, so cost twice the staff time).
    """

    service_type: ServiceType
    shared_core_hours: Decimal = Decimal(0)
    shared_by: int = 1
    one_to_one_hours: Decimal = Decimal(0)
    two_to_one_hours: Decimal = Decimal(0)
    waking_night_hours: Decimal = Decimal(0)
    sleep_in_nights: Decimal = Decimal(0)
    nights_shared_by: "int | None" = None  # None: the same people who share the core hours

    def __post_init__(self) -> None:
        problems = needs_problems(self)
        if problems:
            raise ValueError("; ".join(f"{field}: {message}" for field, message in problems))

    @property
    def night_sharers(self) -> int:
        return self.shared_by if self.nights_shared_by is None else self.nights_shared_by

    @property
    def visit_hours(self) -> Decimal:
        """Worker hours spent with the person on their own (travel and running costs follow these)."""
        return self.one_to_one_hours + 2 * self.two_to_one_hours

    @property
    def is_zero(self) -> bool:
        return all(getattr(self, f) == 0 for f in NEEDS_FIELDS)


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f")


def check_needs(**values) -> "tuple[SupportNeeds | None, list[tuple[str, str]]]":
    """Builds SupportNeeds, or returns every problem as (field, message) instead of raising."""
    needs = object.__new__(SupportNeeds)
    for name, field in SupportNeeds.__dataclass_fields__.items():
        object.__setattr__(needs, name, values.pop(name, field.default))
    if values:
        raise TypeError(f"unknown needs field(s): {sorted(values)}")
    problems = needs_problems(needs)
    return (None if problems else needs), problems


def needs_problems(needs: SupportNeeds) -> list[tuple[str, str]]:
    """Every problem with the needs as (field, message); normalises values in place first.

    Used by SupportNeeds itself (raising on the first call) and by the placements file reader
    (which collects them for every row).
    """
    problems: list[tuple[str, str]] = []

    def setter(name, value):
        object.__setattr__(needs, name, value)

    try:
        setter("service_type", ServiceType.parse(needs.service_type))
    except ValueError as error:
        problems.append(("service_type", str(error)))
    for name in NEEDS_FIELDS:
        try:
            setter(name, to_hours(getattr(needs, name), name))
        except (ValueError, TypeError) as error:
            problems.append((name, str(error).removeprefix(f"{name}: ")))
    for name in ("shared_by", "nights_shared_by"):
        value = getattr(needs, name)
        if value is None:
            continue
        try:
            setter(name, to_count(value, name))
        except (ValueError, TypeError) as error:
            problems.append((name, str(error).removeprefix(f"{name}: ")))
    if problems:
        return problems

    # Per-person plausibility: a week has 168 hours. A bigger figure is usually a fee or an
    # annual total typed into an hours column.
    per_person = {
        "shared_core_hours": needs.shared_core_hours / needs.shared_by,
        "one_to_one_hours": needs.one_to_one_hours,
        "two_to_one_hours": needs.two_to_one_hours,
        "waking_night_hours": needs.waking_night_hours / needs.night_sharers,
    }
    for name, hours in per_person.items():
        if hours > HOURS_IN_WEEK:
            problems.append((name, f"{_plain(getattr(needs, name))} is more than {HOURS_IN_WEEK} hours a week "
                                   "per person — is this a fee or an annual figure in the hours column?"))
    if needs.sleep_in_nights / needs.night_sharers > 7:
        problems.append(("sleep_in_nights", f"{_plain(needs.sleep_in_nights)} is more than 7 nights a week per person"))
    if not problems and needs.one_to_one_hours + needs.two_to_one_hours > HOURS_IN_WEEK:
        problems.append(("two_to_one_hours", "one-to-one and two-to-one hours together exceed 168 a week"))
    if needs.service_type in _NO_SHARED_CORE and needs.shared_core_hours:
        problems.append(("shared_core_hours", f"{needs.service_type.label} has no shared core hours; "
                                              "record visits as one-to-one (or two-to-one) hours"))
    return problems
