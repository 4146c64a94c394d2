"""Supplier names and identifiers as councils publish them, reduced to match keys.

A match key is what two spellings of one supplier have in common: "Northumbrian Water Ltd." and
"NORTHUMBRIAN WATER LIMITED" both become ``NORTHUMBRIAN WATER``. Keys are for matching only; people see
`display_name`. Identifiers are normalised to the form their registers use, or None when what was published
is not a valid identifier (blanks, "N/A", zeros), so that a placeholder never links two suppliers.
"""
from __future__ import annotations

import re
import unicodedata

# Legal-form words dropped from the key wherever they stand as a word. "CO" and "COMPANY" only at the end
# ("SMITH & CO"), since inside a name they carry meaning ("CO OPERATIVE", "COMPANY OF BIRDS").
_LEGAL_FORMS = frozenset({
    "LTD", "LIMITED", "LIMTED", "LIMITE", "LTDS", "PLC", "LLP", "LP", "CIC", "CIO", "INC", "INCORPORATED",
    "LLC", "GMBH", "BV", "NV", "AG", "SARL", "SAS", "PTY", "CYF", "CYFYNGEDIG", "ULC", "UNLIMITED",
})
_TRAILING_FORMS = frozenset({"CO", "COMPANY", "THE", "AND"})
# Country words that are part of many registered names but never tell two suppliers apart in a council file
# ("LYRECO UK LTD" is Lyreco) — dropped unless they are the whole name.
_COUNTRY_WORDS = frozenset({"UK", "GB", "ENGLAND"})
_TITLES = frozenset({"MR", "MRS", "MISS", "MS", "DR", "MX"})
# Abbreviations seen in council files, expanded so both spellings share a key.
_ABBREVIATIONS = {
    "SVCS": "SERVICES", "SVC": "SERVICES", "SERVS": "SERVICES", "SERV": "SERVICES", "SRVCS": "SERVICES",
    "MGMT": "MANAGEMENT", "MGT": "MANAGEMENT", "MANAGMENT": "MANAGEMENT",
    "ASSOC": "ASSOCIATION", "ASSN": "ASSOCIATION", "ASSOCN": "ASSOCIATION", "ASSOCS": "ASSOCIATES",
    "INTL": "INTERNATIONAL", "INT'L": "INTERNATIONAL", "BROS": "BROTHERS", "GRP": "GROUP",
    "HLDGS": "HOLDINGS", "CTR": "CENTRE", "CENTER": "CENTRE", "CNTR": "CENTRE", "ENGG": "ENGINEERING",
    "NTH": "NORTH", "STH": "SOUTH", "DEPT": "DEPARTMENT", "CNCL": "COUNCIL", "COUN": "COUNCIL",
    "SOLS": "SOLUTIONS", "TECH": "TECHNOLOGY", "TECHNOLOGIES": "TECHNOLOGY", "UNIV": "UNIVERSITY",
    "COLL": "COLLEGE", "ACAD": "ACADEMY", "SCH": "SCHOOL", "PRI": "PRIMARY", "HOSP": "HOSPITAL",
    "NE": "NORTH EAST", "CO": "COMPANY", "ST": "SAINT", "AUTH": "AUTHORITY",
}
# Trading-name markers: "A LTD T/A B", "A TRADING AS B". Plain "TA" is not one (it is a word in names).
_TRADING_AS = re.compile(r"\s*\b(?:T\s*/\s*AS?|T\s*\\\s*A|T\.\s*A\.?|TRADING\s+AS|TRADES\s+AS)(?=\s|$|[^A-Z0-9])\s*",
                         re.IGNORECASE)
_NON_WORD = re.compile(r"[^A-Z0-9 ]+")
_SPACES = re.compile(r"\s+")


def _ascii_upper(raw: str) -> str:
    text = unicodedata.normalize("NFKD", raw)
    return "".join(ch for ch in text if not unicodedata.combining(ch)).upper()


def _clean_text(raw) -> str:
    """Uppercase ASCII with ``&``/``+`` as AND, apostrophes dropped and other punctuation as spaces."""
    text = _ascii_upper(str(raw))
    text = text.replace("&", " AND ").replace("+", " AND ").replace("@", " AT ")
    text = re.sub(r"\bCO[\s.-]*OP(?:ERATIVE)?\b", "COOPERATIVE", text)
    text = re.sub(r"['`\u2019]", "", text)  # WOMEN'S -> WOMENS
    text = re.sub(r"(?<=[A-Z])\.(?=[A-Z]\b)", "", text)  # B.T. -> BT.
    text = _NON_WORD.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def _join_initials(words: list[str]) -> list[str]:
    """Runs of single letters become one word: "T C HARRISON" and "TC HARRISON" share a key."""
    out: list[str] = []
    run: list[str] = []
    for word in words + [""]:
        if len(word) == 1 and word.isalpha():
            run.append(word)
            continue
        if run:
            out.append("".join(run) if len(run) > 1 else run[0])
            run = []
        if word:
            out.append(word)
    return out


# How councils style a council's name: all are "COUNCIL" in the key, so "SOUTH TYNESIDE MBC" is
# "SOUTH TYNESIDE COUNCIL" (the place tells councils apart, not the style).
_COUNCIL_STYLES = re.compile(
    r"(?<=\w)\s+(?:(?:METROPOLITAN\s+)?(?:BOROUGH|CITY|COUNTY|DISTRICT)\s+COUNCIL|MBC|MDC|BC|CC|DC)$")


def _key(text: str) -> str:
    cleaned = " ".join(_join_initials(_clean_text(text).split()))
    cleaned = _COUNCIL_STYLES.sub(" COUNCIL", re.sub(r"\s+(?:LTD|LIMITED|PLC)$", "", cleaned))
    words = cleaned.split()
    expanded: list[str] = []
    for word in words:
        expanded.extend(_ABBREVIATIONS.get(word, word).split())
    words = [w for w in expanded if w not in _LEGAL_FORMS]
    while len(words) > 1 and words[-1] in _TRAILING_FORMS:
        words.pop()
    if len(words) > 1 and words[0] == "THE":
        words = words[1:]
    if len(words) > 1 and words[0] in _TITLES:
        words = words[1:]
    kept = [w for w in words if w not in _COUNTRY_WORDS]
    words = kept or words
    return " ".join(words)


def split_trading_name(raw) -> tuple[str, str | None]:
    """("A LTD", "B") for "A LTD T/A B"; (raw, None) when there is no trading name."""
    text = "" if raw is None else str(raw)
    parts = _TRADING_AS.split(text, maxsplit=1)
    if len(parts) == 2 and parts[0].strip() and parts[1].strip():
        return parts[0].strip(), parts[1].strip()
    return text.strip(), None


def normalise_name(raw) -> str:
    """The match key of a supplier name: the legal name's key where a trading name follows "T/A".

    Case, accents, punctuation, ``&``/AND, legal-form words (LTD, LIMITED, PLC, LLP, CIC...), a leading THE,
    personal titles, country words (UK, GB), common abbreviations and whitespace do not change the key.
    An empty or redacted name has the key "".
    """
    if raw is None or is_redacted(raw):
        return ""
    legal, _trading = split_trading_name(raw)
    return _key(legal)


# Where a qualifier starts: a spaced dash ("FOUR SEASONS HEALTHCARE - THE GRANGE"), an opening bracket ("CITY
# CLEAN (NORTHERN) LTD"), or a slash after a legal form ("EASIBATHE LTD/EASIACCESS SOLUTIONS"). What comes before
# is the organisation; what follows names a home, a branch, a division or a second business of it.
_QUALIFIER = re.compile(r"\s+[-\u2013\u2014]+\s+|\s*\(|(?:(?<=\bLTD)|(?<=\bLIMITED)|(?<=\bPLC))\.?\s*/\s*", re.IGNORECASE)
_QUALIFIED_HEAD_MIN = 6  # a one-word head must be at least this long: "SMITH (JOHN)" is a person, not a firm


def qualified_head(raw) -> str | None:
    """The key of the organisation a qualified name names ("FOUR SEASONS HEALTHCARE" for "FOUR SEASONS HEALTHCARE
    - THE GRANGE"), or None when there is no qualifier or the head is too slight to name an organisation alone."""
    text = "" if raw is None else str(raw)
    parts = _QUALIFIER.split(text, maxsplit=1)
    if len(parts) != 2 or not parts[1].strip(" )"):
        return None
    head = _key(parts[0])
    words = head.split()
    if len(words) > 1 or (words and len(words[0]) >= _QUALIFIED_HEAD_MIN and not words[0].isdigit()):
        return head
    return None


def name_keys(raw) -> tuple[str, ...]:
    """Every key a name can be matched under: the legal name's, then the trading name's (if any, and distinct),
    then the organisation's before a qualifier (`qualified_head`)."""
    if raw is None or is_redacted(raw):
        return ()
    legal, trading = split_trading_name(raw)
    keys = [_key(legal)]
    for extra in (_key(trading) if trading else None, qualified_head(legal)):
        if extra and extra not in keys:
            keys.append(extra)
    return tuple(k for k in keys if k)


_KEEP_UPPER = frozenset({"UK", "GB", "NHS", "LLP", "CIC", "CIO", "PLC", "ICT", "IT", "BT", "CCTV", "HMRC", "NE",
                         "T/A", "TV", "DWP", "YMCA", "RSPCA", "NSPCC", "SEN", "PCC"})
_TITLE_FORMS = {"MR": "Mr", "MRS": "Mrs", "MS": "Ms", "DR": "Dr", "LTD": "Ltd"}
_LOWER_FORMS = {"LIMITED": "Limited", "AND": "and", "OF": "of", "THE": "the", "FOR": "for", **_TITLE_FORMS}


def display_name(raw) -> str:
    """A tidy name for people: whitespace collapsed; an all-capitals name in title case (acronyms kept)."""
    if raw is None:
        return ""
    text = _SPACES.sub(" ", str(raw)).strip()
    if not text or is_redacted(text):
        return "Redacted" if text else ""
    letters = [c for c in text if c.isalpha()]
    if not letters or any(c.islower() for c in letters):
        return text
    words = []
    for i, word in enumerate(text.split(" ")):
        bare = word.strip("().,")
        if bare in _LOWER_FORMS and (i > 0 or bare in _TITLE_FORMS):
            words.append(word.replace(bare, _LOWER_FORMS[bare]))
        elif bare in _KEEP_UPPER or (len(bare) <= 4 and bare.isalpha() and not re.search("[AEIOUY]", bare)):
            words.append(word)
        else:
            words.append(re.sub(r"[A-Z][A-Z']*", lambda m: m.group(0)[0] + m.group(0)[1:].lower(), word))
    return " ".join(words)


_PLACEHOLDERS = frozenset({"", "NA", "N/A", "NONE", "NULL", "NIL", "-", "0", "TBC", "UNKNOWN", "NOT APPLICABLE",
                           "NOTAPPLICABLE", "NOT KNOWN", "NOTKNOWN"})


def _compact(raw) -> str | None:
    if raw is None:
        return None
    text = _ascii_upper(str(raw)).strip()
    if text in _PLACEHOLDERS:
        return None
    text = re.sub(r"[\s.\-/]", "", text)
    return text or None


# Companies House: eight characters, digits for England & Wales companies, or a two-letter register prefix
# (SC Scotland, NI Northern Ireland, OC/SO/NC LLPs, FC overseas, IP/SP/NP industrial and provident, ...) then six
# digits; the old Northern Ireland register used "R" and seven digits.
_CH_PREFIXES = frozenset({"SC", "NI", "OC", "SO", "NC", "FC", "SF", "NF", "IP", "SP", "NP", "IC", "SI", "NV", "RC",
                          "SR", "NR", "ZC", "CE", "CS", "SE", "GE", "LP", "SL", "NL", "RS", "SA", "NA", "SZ", "NZ",
                          "GS", "PC", "ES", "AC", "FE", "GN", "NO", "OE", "SG"})


def normalise_company_number(raw) -> str | None:
    """The Companies House number as registered (``01234567``, ``SC123456``, ``R0000123``), or None."""
    text = _compact(re.sub(r"\.0$", "", str(raw).strip()) if raw is not None else None)
    if text is None:
        return None
    if text.isdigit():
        if len(text) > 8 or int(text) == 0:
            return None
        return text.zfill(8)
    match = re.fullmatch(r"([A-Z]{1,2})(\d{1,7})", text)
    if not match:
        return None
    prefix, digits = match.groups()
    if int(digits) == 0:
        return None
    if prefix in _CH_PREFIXES and len(digits) <= 6:
        return prefix + digits.zfill(6)
    if prefix == "R" and len(digits) <= 7:
        return prefix + digits.zfill(7)
    return None


def normalise_charity_number(raw) -> str | None:
    """A charity register number: England and Wales 5–7 digits (a "-1" subsidiary suffix dropped, since the
    main number names the charity), Scotland ``SC`` + 6 digits, Northern Ireland ``NIC`` + 6 digits; else None."""
    if raw is None:
        return None
    text = _ascii_upper(str(raw)).strip()
    text = re.sub(r"^(?:REG(?:ISTERED)?\s*)?CHARITY\s*(?:NO|NUMBER)?\.?\s*:?\s*", "", text)
    text = re.sub(r"\.0$", "", text)  # a number that passed through a spreadsheet
    subsidiary = re.fullmatch(r"(\d{5,7})\s*-\s*\d{1,2}", text)
    if subsidiary:
        text = subsidiary.group(1)
    text = _compact(text) or ""
    if text.isdigit():
        return str(int(text)) if 5 <= len(text) <= 7 and int(text) else None
    scottish = re.fullmatch(r"SC0*(\d{1,6})", text)
    if scottish and int(scottish.group(1)):
        return "SC" + scottish.group(1).zfill(6)
    northern_irish = re.fullmatch(r"NIC?0*(\d{1,6})", text)
    if northern_irish and int(northern_irish.group(1)):
        return "NIC" + northern_irish.group(1).zfill(6)
    return None


def normalise_vat_number(raw) -> str | None:
    """A UK VAT registration number as ``GB`` + 9 digits (or 12 for a branch; ``GBGD``/``GBHA`` + 3 for
    government departments and health authorities); Northern Ireland's ``XI`` kept; else None."""
    text = _compact(raw)
    if text is None:
        return None
    country = "GB"
    if text[:2] in ("GB", "XI"):
        country, text = text[:2], text[2:]
    if re.fullmatch(r"(GD|HA)\d{3}", text):
        return country + text
    if text.isdigit() and len(text) in (9, 12) and int(text):
        return country + text
    return None


# Redaction markers as councils publish them (seen in the North East, Leeds and Manchester files:
# "Redacted Personal Data", "REDACTED - Personal Information", "REDACTED PERSONAL DATA",
# "Redacted Personal Information", "REDACTED COMMERCIAL CONFIDENTIALITY"), and the usual alternatives.
_REDACTED = re.compile(
    r"\bREDACTED\b|\bREDACTION\b|^PERSONAL (?:DATA|INFORMATION|DETAILS)\b|\bPERSONAL DATA\b|\bPERSONAL INFORMATION\b"
    r"|\bDATA PROTECTION\b|\bWITHHELD\b|\bNOT DISCLOSED\b|\bPRIVATE INDIVIDUAL\b|\bINDIVIDUAL\s*-?\s*REDACTED\b"
    r"|^(?:X{3,}|\*+|#+)$|\bCOMMERCIAL(?:LY)? CONFIDENTIAL|^CONFIDENTIAL$|^PRIVATE$|^NAME WITHHELD$",
    re.IGNORECASE,
)


def is_redacted(raw) -> bool:
    """True for a payee the council withheld (personal data, commercial confidentiality) or left blank."""
    if raw is None:
        return True
    text = _SPACES.sub(" ", str(raw)).strip()
    if text.upper() in _PLACEHOLDERS:
        return True
    return bool(_REDACTED.search(text))
