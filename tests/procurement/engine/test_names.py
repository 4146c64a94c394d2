"""Match keys and identifiers: the spellings seen in the North East, Leeds, Lambeth and Manchester files."""
import pytest

from riep.procurement.engine.names import (
    display_name,
    is_redacted,
    name_keys,
    normalise_charity_number,
    normalise_company_number,
    normalise_name,
    normalise_vat_number,
    qualified_head,
    split_trading_name,
)


@pytest.mark.parametrize("a, b", [
    ("NORTHUMBRIAN WATER LTD", "Northumbrian Water Limited"),
    ("NORTHUMBRIAN WATER LTD", "The Northumbrian Water Co."),
    ("A & A ELECTRICAL DISTRIBUTORS LTD", "A and A Electrical Distributors Limited"),
    ("T C HARRISON JCB", "TC Harrison JCB Ltd"),
    ("WOMENS ROYAL VOLUNTARY SERVICE", "Women's Royal Voluntary Service"),
    ("LYRECO UK LTD", "Lyreco"),
    ("B.T. plc", "BT PLC"),
    ("MR NEIL PATTISON", "Neil  Pattison"),
    ("Café Nero Ltd", "CAFE NERO LIMITED"),
    ("ACME SVCS LLP", "Acme Services"),
    ("SMITH BROS (NE) LTD", "Smith Brothers North East"),
])
def test_spellings_of_one_supplier_share_a_key(a, b):
    assert normalise_name(a) == normalise_name(b) != ""


@pytest.mark.parametrize("a, b", [
    ("NORTH TYNESIDE COUNCIL", "SOUTH TYNESIDE COUNCIL"),
    ("18 SEA VIEW VILLAS", "19 SEA VIEW VILLAS"),
    ("SMITH & CO", "SMITH & SONS"),
    ("REDACTIVE PUBLISHING LTD", "PUBLISHING LTD"),
])
def test_different_suppliers_keep_different_keys(a, b):
    assert normalise_name(a) != normalise_name(b)


def test_trading_names_give_a_second_key():
    assert split_trading_name("ALLIED HEALTHCARE LTD T/A CARE CONCERN") == ("ALLIED HEALTHCARE LTD", "CARE CONCERN")
    assert split_trading_name("ACS SYSTEMS (UK)T/A ACS OFFICE SOLUTIONS")[1] == "ACS OFFICE SOLUTIONS"
    assert split_trading_name("Jo Bloggs trading as Bloggs Cleaning") == ("Jo Bloggs", "Bloggs Cleaning")
    assert normalise_name("ALLIED HEALTHCARE LTD T/A CARE CONCERN") == "ALLIED HEALTHCARE"
    assert name_keys("ALLIED HEALTHCARE LTD T/A CARE CONCERN") == ("ALLIED HEALTHCARE", "CARE CONCERN")
    assert split_trading_name("TA FOODS LTD") == ("TA FOODS LTD", None)  # "TA" alone is a word, not a marker


@pytest.mark.parametrize("raw, head", [
    ("FOUR SEASONS HEALTHCARE - THE GRANGE", "FOUR SEASONS HEALTHCARE"),  # a home of a group
    ("TAY VALLEY LIGHTING (NEWCASTLE & NORTH TYNESIDE) LIMITED", "TAY VALLEY LIGHTING"),
    ("CITY CLEAN (NORTHERN ) LTD", "CITY CLEAN"),
    ("EASIBATHE LTD/EASIACCESS SOLUTIONS", "EASIBATHE"),  # a slash after a legal form
    ("SMITH (JOHN)", None),  # one short word: a person, not an organisation
    ("A - Z SERVICES", None),
    ("ACME/BETA TRADING", None),  # a slash without a legal form before it joins two names
    ("NORTHUMBRIAN WATER LTD", None),
    ("LYRECO (UK) LTD", "LYRECO"),  # the same as its key: no second key
])
def test_a_qualified_names_organisation_is_a_further_key(raw, head):
    assert qualified_head(raw) == head
    keys = name_keys(raw)
    assert keys[0] == normalise_name(raw) and (head in keys if head else len(keys) == 1)


@pytest.mark.parametrize("raw", [
    "Redacted Personal Data", "REDACTED - Personal Information", "REDACTED PERSONAL DATA",
    "Redacted Personal Information", "REDACTED COMMERCIAL CONFIDENTIALITY", "Personal Information", "",
    "   ", None, "N/A", "Redacted - personal data", "XXXXX", "Name withheld",
])
def test_redacted_payees_are_recognised(raw):
    assert is_redacted(raw)
    assert normalise_name(raw) == ""
    assert name_keys(raw) == ()


@pytest.mark.parametrize("raw", ["REDACTIVE PUBLISHING LTD", "Personal Budgets", "Personalised Budgets",
                                 "Orange Personal Communications Services Ltd", "Liddy's Personal Injury Solicitors"])
def test_names_that_only_look_redacted_are_suppliers(raw):
    assert not is_redacted(raw)


@pytest.mark.parametrize("raw, expected", [
    ("1234567", "01234567"), ("01234567", "01234567"), (" 123 4567 ", "01234567"), ("1234567.0", "01234567"),
    ("SC123456", "SC123456"), ("sc 12345", "SC012345"), ("OC301234", "OC301234"), ("NI012345", "NI012345"),
    ("R123", "R0000123"), ("SO300001", "SO300001"),
    ("", None), ("N/A", None), ("0", None), ("00000000", None), ("123456789", None), ("ZZ123456", None), (None, None),
])
def test_company_numbers(raw, expected):
    assert normalise_company_number(raw) == expected


@pytest.mark.parametrize("raw, expected", [
    ("1123456", "1123456"), ("1123456-1", "1123456"), ("212345", "212345"), ("Charity No. 1123456", "1123456"),
    ("SC012345", "SC012345"), ("NIC100123", "NIC100123"), ("", None), ("0", None), ("abc", None), ("12", None),
])
def test_charity_numbers(raw, expected):
    assert normalise_charity_number(raw) == expected


@pytest.mark.parametrize("raw, expected", [
    ("GB123456789", "GB123456789"), ("123 4567 89", "GB123456789"), ("gb 123-456-789", "GB123456789"),
    ("GB123456789012", "GB123456789012"), ("GBGD001", "GBGD001"), ("XI123456789", "XI123456789"),
    ("12345", None), ("N/A", None), ("GB000000000", None), (None, None),
])
def test_vat_numbers(raw, expected):
    assert normalise_vat_number(raw) == expected


def test_display_names_are_tidy_but_keep_what_was_published():
    assert display_name("NORTHUMBRIAN  WATER LTD") == "Northumbrian Water Ltd"
    assert display_name("MR NEIL PATTISON") == "Mr Neil Pattison"
    assert display_name("Newcastle upon Tyne Hospitals NHS") == "Newcastle upon Tyne Hospitals NHS"
    assert display_name("NHS NORTH OF TYNE CCG") == "NHS North of Tyne CCG"
    assert display_name("Redacted Personal Data") == "Redacted"
