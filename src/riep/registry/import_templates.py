"""The council register import's template and example (riep.core.import_templates)."""
from riep.core import import_templates
from riep.registry.councils_file import OPTIONAL, REQUIRED

import_templates.register(
    "registry.councils", title="the council register", required=REQUIRED, optional=OPTIONAL,
    permission="manage_registry",
    example=[  # as mySociety's file gives them; the 2009 county and its successor show the end and replaced-by dates
        {"local-authority-code": "SFK", "official-name": "Suffolk County Council", "nice-name": "Suffolk",
         "gss-code": "E10000029", "nation": "England", "region": "East of England", "local-authority-type": "CTY",
         "pop-2020": "761350", "ecode": "E1954", "snac": "42"},
        {"local-authority-code": "IPS", "official-name": "Ipswich Borough Council", "nice-name": "Ipswich",
         "gss-code": "E07000202", "nation": "England", "region": "East of England", "local-authority-type": "NMD",
         "pop-2020": "137532", "county-la": "SFK", "ecode": "E3533", "snac": "42UD"},
        {"local-authority-code": "BDF", "official-name": "Bedfordshire County Council", "nice-name": "Bedfordshire",
         "gss-code": "E10000001", "nation": "England", "region": "East of England", "local-authority-type": "CTY",
         "end-date": "2009-03-31", "replaced-by": "CBF"},
        {"local-authority-code": "CBF", "official-name": "Central Bedfordshire Council", "nice-name": "Central Bedfordshire",
         "gss-code": "E06000056", "nation": "England", "region": "East of England", "local-authority-type": "UA",
         "pop-2020": "294215", "ecode": "E0203", "start-date": "2009-04-01"},
    ])
