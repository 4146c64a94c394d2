"""The nine RIEPs: accountable bodies and 2009-10 core funding are real (Hansard, 20 July 2009)."""
from decimal import Decimal

CORE_2009_10_SOURCE = "Hansard, HC Deb 20 July 2009: RIEP core funding 2009-10"
CORE_2010_11_SOURCE = "Illustrative: 2010-11 core funding was indicated at the 2009-10 level (Hansard, 2 March 2010)"
CORE_2008_09_SOURCE = ("Illustrative: CLG revenue payments to RIEPs in 2008-09 (£74.922m, all purposes) shared in "
                       "proportion to 2009-10 core funding; the per-region split is not published here")
REVENUE_2008_09_TOTAL = Decimal("74922000")

# code, name, region E12 code, accountable body GSS code, 2009-10 core funding (£)
PARTNERSHIPS = [
    ("NE", "North East RIEP", "E12000001", "E08000037", Decimal("5674000")),
    ("NW", "North West Improvement & Efficiency Partnership", "E12000002", "E08000010", Decimal("8036000")),
    ("YH", "Yorkshire & Humber RIEP", "E12000003", "E08000033", Decimal("6416000")),
    ("EM", "East Midlands RIEP", "E12000004", "E10000024", Decimal("7159000")),
    ("WM", "Improvement and Efficiency West Midlands", "E12000005", "E10000034", Decimal("7193000")),
    ("EE", "Improvement East", "E12000006", "E10000020", Decimal("7952000")),
    ("LDN", "Capital Ambition", "E12000007", "E09000013", Decimal("7699000")),
    ("SE", "Improvement and Efficiency South East", "E12000008", "E10000016", Decimal("9707000")),
    ("SW", "South West RIEP", "E12000009", "E10000009", Decimal("7665000")),
]

# Partner organisations other than councils (illustrative memberships; the bodies are real).
PARTNER_BODIES = [
    ("Improvement and Development Agency for local government (IDeA)", "public_body", "all"),
    ("Audit Commission", "public_body", "all"),
    ("NHS Norfolk (primary care trust)", "public_body", "EE"),
    ("Norfolk Constabulary", "public_body", "EE"),
    ("Kent Fire and Rescue Service", "public_body", "SE"),
    ("Kent Commercial Services", "public_body", "SE"),
    ("North West Development Agency", "public_body", "NW"),
    ("United Utilities plc (illustrative partner)", "private", "NW"),
]
