"""The placements import's template and example (riep.core.import_templates): references only, never names."""
from riep.care.placements_file import COLUMNS, OPTIONAL_COLUMNS
from riep.core import import_templates

_ROOM = {"shared_core_hours": "1000", "shared_by": "40", "two_to_one_hours": "0", "sleep_in_nights": "0"}

import_templates.register(
    "care.placements", title="placements", required=COLUMNS, optional=OPTIONAL_COLUMNS,
    permission="manage_care_placements",
    example=[
        {**_ROOM, "person_reference": "EX-0001", "service_type": "residential", "one_to_one_hours": "0",
         "waking_night_hours": "140", "provider": "Oakfield House (illustrative)", "current_weekly_fee": "1050.00",
         "review_date": "14/05/2026"},
        {**_ROOM, "person_reference": "EX-0002", "service_type": "residential", "one_to_one_hours": "7",
         "waking_night_hours": "140", "provider": "Oakfield House (illustrative)", "current_weekly_fee": "1310.50",
         "review_date": "2026-09-01"},
        {"person_reference": "EX-0003", "service_type": "supported_living_accommodation", "shared_core_hours": "112",
         "shared_by": "4", "one_to_one_hours": "10", "two_to_one_hours": "0", "waking_night_hours": "0",
         "sleep_in_nights": "7", "nights_shared_by": "4", "provider": "Elm Court (illustrative)",
         "current_weekly_fee": "", "review_date": "30/06/2026"},
    ])
