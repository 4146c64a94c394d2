"""Which column holds which canonical Transparency Code field: from the header's words (synonyms seen in councils'
files) and from the content (a `Supplier ID(T)` column full of names is the supplier's name; six-digit `Period`
values are financial-year period codes). A proposal says how sure it is; an unsure one is shown for confirmation."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from riep.procurement.ingest.values import date_format_of, looks_like_amount, split_fused

# canonical field -> what it is, in the users' words
FIELDS = {
    "payment_date": "Payment date",
    "amount": "Amount (£)",
    "supplier_name": "Supplier (beneficiary) name",
    "supplier_id": "Supplier ID (the council's own reference)",
    "company_number": "Companies House number",
    "charity_number": "Charity number",
    "vat_number": "VAT registration number",
    "department": "Department or service",
    "expense_type": "Expense type",
    "purpose": "Purpose of spend",
    "transaction_number": "Transaction number",
    "capital_revenue": "Capital or revenue",
}
REQUIRED = ("payment_date", "amount", "supplier_name")


def normalise_header(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


# Header synonyms, most specific first (normalised: lower case, letters and digits only). Each list is tried in
# order, so "Directorate" beats "Service" for the department when a file has both.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "payment_date": ("paymentdate", "datepaid", "paiddate", "invoicepaymentdate", "clearingdate", "transactiondate",
                     "dateincurred", "invoicecreationdate", "invoicedate", "postingdate", "effectivedate", "date",
                     "period"),
    "amount": ("netamount", "invoicelinevaluenetofvat", "totalexcludesvat", "invoicenettamount", "invoicenetamount",
               "nettamount", "netamountgbp", "amountexcludingvat", "amountexclvat", "lineamount", "amount",
               "amountgbp", "value", "total", "grossamount", "paymentamount"),
    "supplier_name": ("supplierbeneficiaryname", "suppliername", "beneficiaryname", "beneficiary", "suppliertext",
                      "supplier", "payee", "payeename", "vendorname", "vendor", "merchantname", "creditorname"),
    "supplier_id": ("localsupplierinternalreference", "supplierid", "suppliernumber", "supplierreference",
                    "suppliercode", "vendorid", "vendornumber", "supplieridt", "creditornumber"),
    "company_number": ("supplierregisteredcompanynumber", "companynumber", "companieshousenumber",
                       "companyregistrationnumber", "registeredcompanynumber"),
    "charity_number": ("supplierregisteredcharitynumber", "charitynumber", "charityregistrationnumber",
                       "registeredcharitynumber"),
    "vat_number": ("vatregistrationnumber", "vatnumber", "vatregno", "suppliervatnumber"),
    "department": ("directorateservicewhereexpenditureincurred", "directorate", "directotate", "department",
                   "strategicgroup", "nstrgt", "servicelabel", "servicearea", "expensearea", "service",
                   "organisationalunit", "servicedivisionlabel", "responsibleunit"),
    "expense_type": ("expensetype", "expensestype", "detailedexpendituretype", "detailedexpensestype",
                     "sercopexpenditurecategory", "expenditurecategory", "expensecategory",
                     "subjdescription", "account", "spendlevel2", "cipfsubst", "spendlevel1", "cipfsubjt",
                     "procurementclassificationcouncilsprocurementcategoryname", "groupdescription"),
    "purpose": ("purposeofspendsummary", "purposeofspend", "summaryofpurpose", "narrative", "extendeddescription",
                "description", "purpose", "details"),
    "transaction_number": ("transactionnumber", "transno", "transactionno", "transactionid", "transactionref",
                           "internalrefnumber", "internalref", "invoicenumber", "invoiceno", "documentnumber",
                           "reference"),
    "capital_revenue": ("capitalorrevenue", "caprev", "capitalrevenue", "capitalrevenueflag", "revcap"),
}
_SYNONYM_RANK = {(f, s): i for f, words in SYNONYMS.items() for i, s in enumerate(words)}
_BY_SYNONYM: dict[str, list[str]] = {}
for _field, _words in SYNONYMS.items():
    for _word in _words:
        _BY_SYNONYM.setdefault(_word, []).append(_field)

SAMPLE = 200  # lines looked at to judge a column's content
SHOWN_SAMPLES = 3


def fields_named_by(header: str) -> list[str]:
    return _BY_SYNONYM.get(normalise_header(header), [])


def header_score(cells: list[str]) -> int:
    """How much a line looks like a header: the number of its cells that are known column names."""
    return sum(1 for c in cells if c and fields_named_by(c))


def find_header(lines: list[tuple[int, list[str]]], search: int = 60) -> int | None:
    """Index in `lines` of the header: the first line, among the first `search`, naming the most known fields
    (at least two); failing that, the first line of two or more cells none of which is a number or a date (its
    mapping is then for a person to confirm); None if there is neither."""
    best, best_score = None, 1
    for index, (_, cells) in enumerate(lines[:search]):
        score = header_score(cells)
        if score > best_score:
            best, best_score = index, score
    if best is not None:
        return best
    for index, (_, cells) in enumerate(lines[:search]):
        filled = [c for c in cells if c]
        if len(filled) >= 2 and not any(looks_like_amount(c) or date_format_of([c]) for c in filled):
            return index if index + 1 < len(lines) else None
    return None


def header_signature(headers: list[str]) -> str:
    """The same header set (in order, spelling normalised) gives the same signature: a remembered mapping's key."""
    return hashlib.sha256("\x1f".join(normalise_header(h) for h in headers).encode()).hexdigest()[:32]


@dataclass
class Proposal:
    """The mapping proposed for a file: field -> column index, how each was decided, and what is unsure."""
    headers: list[str]
    mapping: dict[str, int | None]
    how: dict[str, str] = field(default_factory=dict)  # field -> "header", "header and content", "content", …
    unsure: list[str] = field(default_factory=list)  # sentences: why a person should look
    date_format: str | None = None
    fused_date_amount: bool = False
    samples: dict[int, list[str]] = field(default_factory=dict)  # column index -> a few values

    @property
    def sure(self) -> bool:
        return not self.unsure

    def column_of(self, name: str) -> str:
        index = self.mapping.get(name)
        return self.headers[index] if index is not None and self.headers[index] else (
            f"column {index + 1}" if index is not None else "")

    def as_dict(self) -> dict:
        return {name: self.column_of(name) for name in FIELDS if self.mapping.get(name) is not None}


def _column_values(rows: list[list[str]], index: int) -> list[str]:
    return [row[index] for row in rows if index < len(row) and row[index]]


def _looks_like_names(values: list[str]) -> bool:
    """Supplier names, not reference codes: mostly words with letters and a space."""
    if not values:
        return False
    wordy = sum(1 for v in values if re.search(r"[A-Za-z]{2,}", v) and (" " in v.strip() or len(v) > 12))
    return wordy >= 0.6 * len(values)


def _amounts(values: list[str]) -> float:
    return sum(looks_like_amount(v) for v in values) / len(values) if values else 0.0


def propose(headers: list[str], rows: list[list[str]], chosen: dict[str, int | None] | None = None) -> Proposal:
    """The mapping for these headers, judged on the first rows below them. `chosen` (a person's confirmation or the
    CLI's --map, or a remembered mapping) wins over anything proposed."""
    sample = rows[:SAMPLE]
    mapping: dict[str, int | None] = {name: None for name in FIELDS}
    how: dict[str, str] = {}
    unsure: list[str] = []
    # 1. By header words: each field takes the column whose header is its best-ranked synonym.
    for name in FIELDS:
        candidates = [(i, _SYNONYM_RANK[(name, normalise_header(h))]) for i, h in enumerate(headers)
                      if (name, normalise_header(h)) in _SYNONYM_RANK]
        taken = set(v for v in mapping.values() if v is not None)
        candidates = [c for c in candidates if c[0] not in taken]
        if candidates:
            mapping[name] = min(candidates, key=lambda c: (c[1], c[0]))[0]
            how[name] = "header"
    # 2. By content.
    supplier_id = mapping["supplier_id"]
    if supplier_id is not None and _looks_like_names(_column_values(sample, supplier_id)):
        if mapping["supplier_name"] is None:  # Gateshead's `Supplier ID(T)` holds the names
            mapping["supplier_name"], mapping["supplier_id"] = supplier_id, None
            how["supplier_name"] = "content: the column is headed as an ID but holds names"
            how.pop("supplier_id", None)
    amount = mapping["amount"]
    fused = False
    if amount is not None and _amounts(_column_values(sample, amount)) < 0.9:
        how["amount"] = "header (but some values are not amounts)"
    if amount is None:  # a column of amounts whose header is not a known name
        scored = [(i, _amounts(_column_values(sample, i))) for i in range(len(headers))
                  if i not in mapping.values() and any("." in v for v in _column_values(sample, i))]
        scored = [s for s in scored if s[1] >= 0.95]
        if len(scored) == 1:
            mapping["amount"] = scored[0][0]
            how["amount"] = "content: the only column of amounts"
            unsure.append(f"The amount was taken from ‘{headers[scored[0][0]]}’ because it holds amounts; "
                          "its header is not one we know.")
    date_format = None
    date = mapping["payment_date"]
    if date is not None:
        values = _column_values(sample, date)
        date_format = date_format_of(values)
        if date_format is None and mapping["amount"] is not None and date + 1 == mapping["amount"]:
            fused_values = [split_fused(v) for v in values]
            plain = [v for v, f in zip(values, fused_values) if f is None]
            if any(fused_values) and (date_format_of(plain) or not plain):
                date_format, fused = date_format_of(plain) or "uk", True
        if date_format is None:
            unsure.append(f"The dates in ‘{headers[date]}’ are not in one format we read; check the column.")
        elif date_format == "fy_period":
            how["payment_date"] = "header and content: financial-year period codes (YYYYPP, 01 = April)"
        elif date_format == "us":
            unsure.append(f"The dates in ‘{headers[date]}’ look like month/day/year (US order); check.")
    else:
        dated = [(i, date_format_of(_column_values(sample, i))) for i in range(len(headers))
                 if i not in mapping.values()]
        dated = [d for d in dated if d[1] not in (None, "serial", "fy_period")]
        if dated:
            mapping["payment_date"], date_format = dated[0]
            how["payment_date"] = "content: a column of dates"
            unsure.append(f"The payment date was taken from ‘{headers[dated[0][0]]}’ because it holds dates; "
                          "its header is not one we know.")
    if mapping["supplier_name"] is not None and not _looks_like_names(_column_values(sample,
                                                                                     mapping["supplier_name"])):
        unsure.append(f"‘{headers[mapping['supplier_name']]}’ does not look like supplier names; check it.")
    proposal = Proposal(headers, mapping, how, unsure, date_format, fused)
    if chosen:
        _apply_chosen(proposal, chosen, sample)
    for name in REQUIRED:
        if proposal.mapping.get(name) is None:
            proposal.unsure.append(f"No column was found for the {FIELDS[name].lower()}: choose it.")
    proposal.samples = {i: _column_values(sample, i)[:SHOWN_SAMPLES] for i in range(len(headers))}
    return proposal


def _apply_chosen(proposal: Proposal, chosen: dict[str, int | None], sample: list[list[str]]) -> None:
    for name, index in chosen.items():
        for other, taken in list(proposal.mapping.items()):  # a column holds one field
            if index is not None and taken == index and other != name:
                proposal.mapping[other] = None
                proposal.how.pop(other, None)
        proposal.mapping[name] = index
        proposal.how[name] = "chosen"
    proposal.unsure = []
    date = proposal.mapping.get("payment_date")
    if date is not None and "payment_date" in chosen:
        values = _column_values(sample, date)
        proposal.date_format = date_format_of(values)
        if proposal.date_format is None and proposal.mapping.get("amount") == date + 1:
            plain = [v for v in values if split_fused(v) is None]
            if len(plain) < len(values):
                proposal.date_format, proposal.fused_date_amount = date_format_of(plain) or "uk", True
        if proposal.date_format is None:
            proposal.unsure.append(f"The dates in ‘{proposal.headers[date]}’ are not in one format we read.")


def resolve_column(headers: list[str], column: str) -> int:
    """A column named on the command line or a form: its header (any case and spacing) or its number from 1."""
    wanted = normalise_header(column)
    matches = [i for i, h in enumerate(headers) if normalise_header(h) == wanted and wanted]
    if len(matches) == 1:
        return matches[0]
    if column.strip().isdigit() and 1 <= int(column) <= len(headers):
        return int(column) - 1
    found = ", ".join(f"‘{h}’" for h in headers if h)
    if matches:
        raise ValueError(f"more than one column is headed ‘{column}’: give its number (1 to {len(headers)})")
    raise ValueError(f"no column is headed ‘{column}’ (the columns are {found})")
