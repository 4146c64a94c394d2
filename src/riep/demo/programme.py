"""The twelve initiatives of the founding article as demo projects (REFERENCE.md §1).

Names, regions and themes are from the article. Participating councils, funding, milestones and
confidence ratings are illustrative and every project is flagged as such.
"""

THEMES = [
    ("waste", "Waste"), ("adult-social-care", "Adult social care"), ("energy-carbon", "Energy and carbon"),
    ("worklessness", "Worklessness"), ("housing", "Housing"), ("procurement", "Procurement"),
    ("assets-resources", "Assets and resources"), ("reorganisation", "Reorganisation"),
    ("performance", "Performance"), ("improvement-support", "Improvement support"), ("planning", "Planning"),
]

# Councils are GSS codes, or ONS SNAC codes for councils abolished on 1 April 2009.
# funding: per source (kind, contributor GSS or None, {year: (allocation £, spend £ or None)})
PROJECTS = [
    {
        "code": "se-waste", "partnership": "SE", "theme": "waste", "programme": "Efficiency and collaboration",
        "name": "Waste agenda: joint waste collection and disposal partnerships",
        "description": "Helps councils form joint waste collection and disposal partnerships, aligning contracts and rounds across district and county boundaries.",
        "lead": "E10000016", "councils": ["E10000016", "E07000106", "E07000108", "E07000112", "E07000114"],
        "start": "2008-06-01", "end": "2011-03-31", "status": "active",
        "funding": [("core_grant", None, {2008: (420000, 380000), 2009: (510000, 495000), 2010: (450000, None)}),
                    ("council_contribution", "E10000016", {2008: (100000, 100000), 2009: (100000, 90000), 2010: (100000, None)})],
        "confidence": [("2008-09-30", "amber"), ("2009-06-30", "amber_green"), ("2010-03-31", "green")],
    },
    {
        "code": "se-care-funding-calculator", "partnership": "SE", "theme": "adult-social-care", "programme": "Efficiency and collaboration",
        "name": "Care funding calculator: fair prices for learning disability placements",
        "description": "A free, open calculator that lets commissioners price a placement from the person's needs and local costs, and negotiate from an evidence-based figure.",
        "lead": "E10000030", "councils": ["E10000030", "E10000016", "E10000032", "E10000011", "E10000014"],
        "start": "2008-09-01", "end": "2011-03-31", "status": "active",
        "funding": [("core_grant", None, {2008: (250000, 240000), 2009: (300000, 310000), 2010: (200000, None)})],
        "confidence": [("2008-12-31", "amber"), ("2009-09-30", "green")],
    },
    {
        "code": "ldn-energy", "partnership": "LDN", "theme": "energy-carbon", "programme": "Capital Ambition programme",
        "name": "London energy", "description": "Collaborative energy buying and carbon reduction across London boroughs.",
        "lead": "E09000013", "councils": ["E09000013", "E09000007", "E09000012", "E09000019", "E09000028"],
        "start": "2008-10-01", "end": "2011-03-31", "status": "active",
        "funding": [("core_grant", None, {2008: (300000, 260000), 2009: (450000, 470000), 2010: (350000, None)}),
                    ("capital_grant", None, {2009: (500000, 420000), 2010: (300000, None)})],
        "confidence": [("2009-03-31", "amber_red"), ("2009-12-31", "amber")],
    },
    {
        "code": "ldn-tackling-unemployment", "partnership": "LDN", "theme": "worklessness", "programme": "Capital Ambition programme",
        "name": "Tackling unemployment", "description": "Joint work with boroughs on worklessness priorities in their Local Area Agreements.",
        "lead": "E09000030", "councils": ["E09000030", "E09000012", "E09000022", "E09000028"],
        "start": "2009-01-01", "end": "2011-03-31", "status": "active",
        "funding": [("core_grant", None, {2008: (150000, 120000), 2009: (600000, 560000), 2010: (500000, None)})],
        "confidence": [("2009-06-30", "amber"), ("2010-01-31", "amber")],
    },
    {
        "code": "ldn-social-housing", "partnership": "LDN", "theme": "housing", "programme": "Capital Ambition programme",
        "name": "Social housing", "description": "Shared approaches to social housing management and allocation across boroughs.",
        "lead": "E09000022", "councils": ["E09000022", "E09000019", "E09000007"],
        "start": "2008-07-01", "end": "2010-09-30", "status": "completed",
        "funding": [("core_grant", None, {2008: (200000, 210000), 2009: (250000, 230000), 2010: (50000, 40000)})],
        "confidence": [("2008-12-31", "green"), ("2010-09-30", "green")],
    },
    {
        "code": "wm-procurement-hub", "partnership": "WM", "theme": "procurement", "programme": "Procurement",
        "name": "Procurement hub", "description": "A hub of 330+ contracts open to any council, with savings validated against the price previously paid and reported monthly (£6.5m saved in 2008-09; £10.7m since May 2007).",
        "lead": "E10000034", "councils": ["E10000034", "E08000025", "E10000031", "E06000051", "E08000026"],
        "start": "2008-04-01", "end": "2011-03-31", "status": "active",
        "funding": [("core_grant", None, {2008: (600000, 590000), 2009: (650000, 640000), 2010: (600000, None)}),
                    ("council_contribution", "E08000025", {2008: (150000, 150000), 2009: (150000, 150000), 2010: (150000, None)})],
        "confidence": [("2008-09-30", "green"), ("2009-09-30", "green")],
    },
    {
        "code": "nw-strategic-resources", "partnership": "NW", "theme": "assets-resources", "programme": "Strategic use of resources",
        "name": "Public and private agencies for a more strategic use of resources",
        "description": "Brings public and private agencies together to plan the use of land, buildings and budgets across a place.",
        "lead": "E08000010", "councils": ["E08000010", "E08000003", "E08000012", "E08000001"],
        "start": "2008-11-01", "end": "2011-03-31", "status": "active",
        "funding": [("core_grant", None, {2008: (200000, 150000), 2009: (400000, 380000), 2010: (350000, None)})],
        "confidence": [("2009-03-31", "amber"), ("2010-03-31", "amber_green")],
    },
    {
        "code": "ne-durham-northumberland-lgr", "partnership": "NE", "theme": "reorganisation", "programme": "Local government review",
        "name": "Support to the local government review in Durham and Northumberland",
        "description": "Support for the move to unitary councils in County Durham and Northumberland on 1 April 2009.",
        "lead": "E08000037", "councils": ["E08000037", "E06000047", "E06000057", "20", "20UB", "20UD", "20UE", "20UF", "20UG", "20UH", "20UJ",
                                          "35", "35UB", "35UC", "35UD", "35UE", "35UF", "35UG"],
        "start": "2008-04-01", "end": "2010-03-31", "status": "completed",
        "funding": [("core_grant", None, {2008: (900000, 880000), 2009: (300000, 310000), 2010: (0, 0)})],
        "confidence": [("2008-06-30", "amber"), ("2009-04-30", "green")],
    },
    {
        "code": "ee-aspire2perform", "partnership": "EE", "theme": "performance", "programme": "Performance and LAAs",
        "name": "Aspire2perform toolkit for Local Strategic Partnerships and LAAs",
        "description": "A diagnostic self-assessment toolkit for Local Strategic Partnerships, piloted by 9 LSPs and launched on 22 April 2008.",
        "lead": "E10000020", "councils": ["E10000020", "E10000029", "E10000003", "E06000031", "E07000148", "E07000202"],
        "start": "2008-04-22", "end": "2011-03-31", "status": "active",
        "funding": [("core_grant", None, {2008: (180000, 175000), 2009: (150000, 140000), 2010: (120000, None)})],
        "confidence": [("2008-07-31", "green"), ("2009-07-31", "green")],
    },
    {
        "code": "ee-councils-in-difficulty", "partnership": "EE", "theme": "improvement-support", "programme": "Improvement support",
        "name": "Support for councils in difficulty",
        "description": "Targeted improvement support for councils with weak assessments or financial stress.",
        "lead": "E10000020", "councils": ["E10000020", "E06000034", "E07000145"],
        "start": "2008-05-01", "end": "2011-03-31", "status": "active",
        "funding": [("core_grant", None, {2008: (350000, 300000), 2009: (400000, 420000), 2010: (350000, None)})],
        "confidence": [("2008-12-31", "amber_red"), ("2009-12-31", "amber")],
    },
    {
        "code": "ee-reorganisation-support", "partnership": "EE", "theme": "reorganisation", "programme": "Improvement support",
        "name": "Support for reorganisation in Bedfordshire, Norfolk and Suffolk",
        "description": "Support through structural change: Bedford Borough and Central Bedfordshire became unitary on 1 April 2009; the Norfolk and Suffolk reviews stalled and both stayed two-tier.",
        "lead": "E10000020", "councils": ["E10000020", "E10000029", "E06000055", "E06000056", "09", "09UC", "09UE"],
        "start": "2008-04-01", "end": "2010-03-31", "status": "completed",
        "funding": [("core_grant", None, {2008: (500000, 470000), 2009: (250000, 260000), 2010: (0, 0)})],
        "confidence": [("2008-09-30", "amber"), ("2009-06-30", "amber_green")],
    },
    {
        "code": "x-growth-areas-planning", "partnership": "SE", "theme": "planning", "programme": "Cross-regional",
        "name": "Planning capacity for growth areas",
        "description": "Cross-regional support for planning capacity in the growth areas (Milton Keynes, Ashford, Thames Gateway, London–Stansted–Cambridge–Peterborough).",
        "lead": "E06000042", "councils": ["E06000042", "E07000105", "E06000034", "E06000031"],
        "start": "2008-10-01", "end": "2011-03-31", "status": "active",
        "funding": [("core_grant", None, {2008: (200000, 190000), 2009: (300000, 280000), 2010: (250000, None)}),
                    ("other_grant", None, {2009: (150000, 120000), 2010: (150000, None)})],
        "confidence": [("2009-03-31", "amber"), ("2010-03-31", "amber")],
    },
]

MILESTONES = ["Business case agreed by the board", "First councils live", "Benefits review reported to the board"]
