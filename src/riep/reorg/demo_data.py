"""The reorganisation demo's figures. Council tax, baselines and most assumption splits are ILLUSTRATIVE (labelled
on every page); the headline claims are REFERENCE §9: Durham's claimed £21m a year and the government's
"more than £11m" (DCLG assessment, 2007)."""
from decimal import Decimal as D

CLAIM = "County Durham unitary proposal (2007): saving claimed about £21m a year (REFERENCE §9); split by line illustrative"
GOV = "Government assessment of the Durham proposal (2007): 'more than £11m' a year (REFERENCE §9); split by line illustrative"
ILL = "Illustrative (demo)"

# (key, label, kind, low, central, high, source)
DURHAM_SETS = [
    ("Councils' case: about £21m a year", "The councils' own estimate, ranged ±30–50% by line (illustrative ranges).", [
        ("senior-management", "Senior management", "aggregation", D("0.25"), D("0.35"), D("0.45"), CLAIM),
        ("members-elections", "Councillors and elections (375 → about 120)", "aggregation", D("0.08"), D("0.12"), D("0.15"), CLAIM),
        ("back-office", "Back office", "aggregation", D("0.45"), D("0.75"), D("1.05"), CLAIM),
        ("procurement", "Procurement", "aggregation", D("0.20"), D("0.40"), D("0.60"), CLAIM),
        ("property", "Property", "aggregation", D("0.05"), D("0.15"), D("0.25"), CLAIM),
        ("transition", "One-off transition (ICT, redundancy, programme)", "transition", D("15000000"), D("20000000"), D("30000000"), ILL),
    ]),
    ("Government assessment: more than £11m a year", "The government's lower figure, with wider ranges on the uncertain lines.", [
        ("senior-management", "Senior management", "aggregation", D("0.20"), D("0.25"), D("0.35"), GOV),
        ("members-elections", "Councillors and elections (375 → about 120)", "aggregation", D("0.08"), D("0.10"), D("0.12"), GOV),
        ("back-office", "Back office", "aggregation", D("0.15"), D("0.35"), D("0.55"), GOV),
        ("procurement", "Procurement", "aggregation", D("0.05"), D("0.18"), D("0.30"), GOV),
        ("property", "Property", "aggregation", D("0.00"), D("0.05"), D("0.10"), GOV),
        ("transition", "One-off transition (ICT, redundancy, programme)", "transition", D("20000000"), D("30000000"), D("45000000"), ILL),
    ]),
]

# snac: (baseline spend £, Band D £ incl. county precept, tax base Band D equivalents) — all illustrative
DURHAM = {
    "20": (D("930000000"), None, None),
    "20UB": (D("30000000"), D("1305.00"), D("16500")), "20UD": (D("45000000"), D("1340.00"), D("24000")),
    "20UE": (D("40000000"), D("1290.00"), D("28000")), "20UF": (D("45000000"), D("1380.00"), D("22000")),
    "20UG": (D("45000000"), D("1355.00"), D("23500")), "20UH": (D("15000000"), D("1320.00"), D("9000")),
    "20UJ": (D("35000000"), D("1350.00"), D("18500")),
}

BEDS = {"09": (D("380000000"), None, None), "E06000055": (D("35000000"), D("1420.00"), D("56000")),
        "09UC": (D("25000000"), D("1395.00"), D("52000")), "09UE": (D("28000000"), D("1440.00"), D("44000"))}
BEDS_SET = ("Illustrative 2008 proposals", "Illustrative ranges for a county split between two unitaries.", [
    ("senior-management", "Senior management", "aggregation", D("0.30"), D("0.45"), D("0.60"), ILL),
    ("back-office", "Back office", "aggregation", D("0.40"), D("0.70"), D("1.00"), ILL),
    ("procurement", "Procurement", "aggregation", D("0.20"), D("0.35"), D("0.50"), ILL),
    ("adult-care-split", "Splitting adult social care", "disaggregation", D("1500000"), D("2500000"), D("4000000"), ILL),
    ("children-split", "Splitting children's services", "disaggregation", D("1000000"), D("2000000"), D("3500000"), ILL),
    ("transition", "One-off transition", "transition", D("8000000"), D("12000000"), D("18000000"), ILL),
])

SUFFOLK = {"E10000029": (D("1150000000"), None, None), "E07000200": (D("20000000"), D("1790.00"), D("36000")),
           "E07000202": (D("45000000"), D("1905.00"), D("38000")), "E07000203": (D("19000000"), D("1775.00"), D("38500")),
           "E07000244": (D("60000000"), D("1760.00"), D("95000")), "E07000245": (D("42000000"), D("1755.00"), D("62000"))}
SUFFOLK_SET = ("Illustrative 2025 assumptions", "Illustrative ranges in the style of the 2025 proposals.", [
    ("senior-management", "Senior management", "aggregation", D("0.20"), D("0.35"), D("0.50"), ILL),
    ("members-elections", "Councillors and elections", "aggregation", D("0.05"), D("0.08"), D("0.12"), ILL),
    ("back-office", "Back office", "aggregation", D("0.40"), D("0.80"), D("1.20"), ILL),
    ("procurement", "Procurement", "aggregation", D("0.20"), D("0.40"), D("0.60"), ILL),
    ("property", "Property", "aggregation", D("0.05"), D("0.15"), D("0.30"), ILL),
    ("adult-care-split", "Splitting adult social care", "disaggregation", D("3000000"), D("5000000"), D("8000000"), ILL),
    ("children-split", "Splitting children's services", "disaggregation", D("2000000"), D("4000000"), D("6000000"), ILL),
    ("transition", "One-off transition", "transition", D("15000000"), D("22000000"), D("35000000"), ILL),
])

# Shared finance and payroll across three Norfolk districts (illustrative): gss → {function: (cost, fte, transactions)}
SHARED_COUNCILS = {
    "E07000143": {"finance": (D("1450000"), D("32"), 41000), "payroll": (D("310000"), D("7"), 11000)},
    "E07000144": {"finance": (D("1200000"), D("27"), 35000), "payroll": (D("270000"), D("6"), 9500)},
    "E07000149": {"finance": (D("1300000"), D("29"), 38000), "payroll": (D("290000"), D("6.5"), 10500)},
}
SHARED_SAVINGS = [("finance", D("20"), D("25"), D("30"), "Operational Efficiency Programme (2009): 20–30% where shared"),
                  ("payroll", D("15"), D("22"), D("30"), "Illustrative; payroll administration £30–£80 per employee a year (2006 benchmark)")]
SHARED_REALISED = [("2011-12", D("410000.00")), ("2012-13", D("905000.00"))]  # after the RIEP years: outside 2008–11 returns

# Planning capacity pool, East of England growth areas (illustrative): (gss, specialism, days, start, end[, km])
POOL_OFFERS = [("E07000148", "major_applications", 40, "2009-06-01", "2010-03-31", 120),
               ("E07000144", "plan_making", 30, "2009-04-01", "2010-03-31", 100),
               ("E07000071", "design", 25, "2009-09-01", "2010-06-30", 90),
               ("E07000070", "viability", 20, "2009-04-01", "2009-12-31", 70),
               ("E07000070", "major_applications", 15, "2009-10-01", "2010-09-30", 60)]
POOL_REQUESTS = [("E06000031", "major_applications", 50, "2009-07-01", "2010-06-30"),
                 ("E07000012", "plan_making", 30, "2009-05-01", "2010-03-31"),
                 ("E07000066", "viability", 15, "2009-06-01", "2009-11-30"),
                 ("E07000073", "major_applications", 20, "2009-10-01", "2010-03-31"),
                 ("E07000202", "design", 20, "2009-10-01", "2010-03-31")]

# Procurement Lincolnshire (REFERENCE §9): county + 7 districts, 2008; £148k set-up, about £10.5m saved over 2008–11.
# The £3.5m a year is reconstructed as 25% of a £14m addressable baseline split equally (illustrative split).
LINCS = ["E10000019", "E07000136", "E07000137", "E07000138", "E07000139", "E07000140", "E07000141", "E07000142"]
LINCS_BASELINE = D("1750000")
LINCS_SAVING = ("procurement", D("20"), D("25"), D("30"),
                "Procurement Lincolnshire: about £10.5m saved over 2008–11 on £148k set-up (REFERENCE §9); "
                "20–30% where shared (Operational Efficiency Programme 2009)")
