"""Reading and writing rate-card files: JSON in, a validated `RateCard` out (and back), and the list of cards.

One JSON file per year and area in `riep/care/ratecards/`; `ratecard.py` holds the model and its checks.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from riep.core.fy import FinancialYear

from .ratecard import RATE_CARD_DIR, Parameter, RateCard, RateCardError, validate

_HEADER = ("name", "area", "financial_year", "vintage", "description")


def rate_card_from_dict(data: dict, path: str = "<data>") -> RateCard:
    if not isinstance(data, dict):
        raise RateCardError(path, "", "must be a JSON object")
    for key in _HEADER + ("parameters",):
        if key not in data:
            raise RateCardError(path, key, "missing")
    try:
        year = FinancialYear.parse(str(data["financial_year"]))
    except ValueError as error:
        raise RateCardError(path, "financial_year", str(error)) from None
    parameters: list[Parameter] = []
    settings: list[tuple[str, str]] = []
    _flatten(data["parameters"], "", path, parameters, settings)
    card = RateCard(name=str(data["name"]), area=str(data["area"]), financial_year=year,
                    vintage=str(data["vintage"]), description=str(data["description"]),
                    parameters=tuple(parameters), settings=tuple(settings), path=path)
    validate(card)
    return card


def _flatten(node, prefix, path, parameters, settings) -> None:
    if not isinstance(node, dict):
        raise RateCardError(path, prefix, "expected a section or a parameter object")
    for name, value in node.items():
        key = f"{prefix}.{name}" if prefix else name
        if isinstance(value, str):
            settings.append((key, value))
        elif isinstance(value, dict) and "central" in value:
            parameters.append(_parameter(key, value, path))
        else:
            _flatten(value, key, path, parameters, settings)


_PARAM_FIELDS = {"central", "low", "high", "unit", "source", "date", "verify", "illustrative", "basis", "note"}


def _parameter(key: str, raw: dict, path: str) -> Parameter:
    unknown = set(raw) - _PARAM_FIELDS
    if unknown:
        raise RateCardError(path, key, f"unknown field(s) {sorted(unknown)}")
    for needed in ("unit", "source", "date"):
        if needed not in raw:
            raise RateCardError(path, key, f"'{needed}' missing")

    def number(label):
        value = raw.get(label, raw["central"])
        try:
            if isinstance(value, bool) or isinstance(value, float):
                raise ValueError
            result = Decimal(str(value).strip())
            if not result.is_finite():
                raise ValueError
            return result
        except (ValueError, ArithmeticError):
            raise RateCardError(path, key, f"{label} value {value!r} is not a number") from None

    return Parameter(key=key, central=number("central"), low=number("low"), high=number("high"),
                     unit=str(raw["unit"]), source=str(raw["source"]), date=str(raw["date"]),
                     verify=bool(raw.get("verify", False)), illustrative=bool(raw.get("illustrative", False)),
                     basis=raw.get("basis"), note=str(raw.get("note", "")))


def rate_card_to_dict(card: RateCard) -> dict:
    parameters: dict = {}

    def put(key, value):
        *sections, last = key.split(".")
        node = parameters
        for section in sections:
            node = node.setdefault(section, {})
        node[last] = value

    def entry_for(p: Parameter) -> dict:
        entry = {"central": str(p.central)}
        if p.has_range:
            entry.update(low=str(p.low), high=str(p.high))
        entry.update(unit=p.unit, source=p.source, date=p.date)
        if p.verify:
            entry["verify"] = True
        if p.illustrative:
            entry["illustrative"] = True
        if p.basis:
            entry["basis"] = p.basis
        if p.note:
            entry["note"] = p.note
        return entry

    # Shared sections first, then each service with its settings (staffing roles) at the top.
    for p in card.parameters:
        if not p.key.startswith("services."):
            put(p.key, entry_for(p))
    for service in card.services:
        prefix = f"services.{service.value}."
        for key, value in card.settings:
            if key.startswith(prefix + "roles."):
                put(key, value)
        method_key = prefix + "premises.method"
        for p in card.parameters:
            if p.key.startswith(prefix + "premises.") and not _has(parameters, method_key):
                put(method_key, card.setting(method_key))
            if p.key.startswith(prefix):
                put(p.key, entry_for(p))
        if not _has(parameters, method_key):
            put(method_key, card.setting(method_key))
    return {"name": card.name, "area": card.area, "financial_year": card.financial_year.label,
            "vintage": card.vintage, "description": card.description, "parameters": parameters}


def _has(tree: dict, key: str) -> bool:
    node = tree
    for part in key.split("."):
        if not isinstance(node, dict) or part not in node:
            return False
        node = node[part]
    return True


def save_rate_card(card: RateCard, path: "str | Path") -> None:
    Path(path).write_text(json.dumps(rate_card_to_dict(card), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


_LOADED: dict[tuple[str, int], RateCard] = {}


def load_rate_card(name_or_path: "str | Path") -> RateCard:
    """Loads a shipped card by name ("england-2025-26") or any card file by path."""
    path = Path(name_or_path)
    if path.suffix != ".json":
        path = RATE_CARD_DIR / f"{name_or_path}.json"
    if not path.is_file():
        known = ", ".join(info.name for info in available_rate_cards()) or "none"
        raise RateCardError(str(name_or_path), "", f"not found (available: {known})")
    stamp = (str(path.resolve()), path.stat().st_mtime_ns)
    if stamp not in _LOADED:
        try:
            data = json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)
        except json.JSONDecodeError as error:
            raise RateCardError(path.name, "", f"is not valid JSON (line {error.lineno}: {error.msg})") from None
        card = rate_card_from_dict(data, path.name)
        if card.name != path.stem:
            raise RateCardError(path.name, "name", f"'{card.name}' must match the file name '{path.stem}'")
        _LOADED[stamp] = card
    return _LOADED[stamp]


@dataclass(frozen=True, slots=True)
class RateCardInfo:
    name: str
    area: str
    financial_year: str
    vintage: str
    to_verify: int
    illustrative: int


def available_rate_cards(directory: Path = RATE_CARD_DIR) -> list[RateCardInfo]:
    infos = []
    for path in sorted(directory.glob("*.json")):
        card = load_rate_card(path)
        infos.append(RateCardInfo(card.name, card.area, card.financial_year.label, card.vintage,
                                  len(card.to_verify), sum(p.illustrative for p in card.parameters)))
    return infos
