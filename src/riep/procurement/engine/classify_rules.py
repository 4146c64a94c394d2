"""The classifier's hand-written knowledge: council expense types and supplier trade words to ProClass v17
codes, and ProClass categories to CPV 2008. Written from the expense types in the North East, Leeds, Lambeth,
Calderdale and Manchester files (the most frequent values first); the first rule that matches wins, so the
specific come before the general.
"""
from __future__ import annotations

import re


def _rules(pairs: list[tuple[str, str]]) -> list[tuple[re.Pattern, str]]:
    return [(re.compile(pattern, re.IGNORECASE), code) for pattern, code in pairs]


EXPENSE_RULES = _rules([
    # Social care (the largest spend of most councils)
    (r"nursing|residential care|residential home|\bresidential\b(?!.*(?:child|school))|care home|\bemi\b", "321017"),
    (r"home ?care|domiciliary", "321014"),
    (r"day (?:care|centre)", "321013"),
    (r"direct payment|personal(?:ised)? budget", "321500"),
    (r"supported living|independent living|supporting (?:people|ppl)|supported (?:housing|accommodation)", "321800"),
    (r"shared lives", "322200"),
    (r"respite", "321900"),
    (r"sheltered|extra care", "321015"),
    (r"floating support", "321700"),
    (r"fostering|foster care|\bifa\b|adoption|residential (?:services|placements?).*child|external placements?"
     r"|independent placements?|section 17|\bs17\b", "401301"),
    (r"bed ?& ?breakfast|b ?& ?b\b|homeless|temporary accommodation|board & lodging", "321060"),
    (r"advice|advocacy|counselling", "321010"),
    # Staff
    (r"agency (?:staff|supply)|temporary staff|interim staff", "261400"),
    (r"training|course|conference|tuition", "261500"),
    (r"recruitment|advertising for staff", "261300"),
    (r"interpret|translat", "261100"),
    (r"car (?:and|&) motorcycle|car allowance|travel|subsistence|mileage|public transport and taxi fares", "261600"),
    # Utilities and energy
    (r"electricity", "371000"),
    (r"\bgas\b", "371100"),
    (r"heating oil|\boil\b", "371200"),
    (r"water|sewerage", "371300"),
    (r"^energy|energy costs", "371000"),
    # ICT
    (r"comms (?:&|and) computing|communications (?:&|and) computing", "271501"),
    (r"playground", "331100"),
    (r"software|licen[cs]e.*(?:ict|software)|ict software", "271440"),
    (r"hardware|computer equipment|ict hardware", "271200"),
    (r"telephon|mobile phone|telecom|\bcomms\b|communications", "271699"),
    (r"photocop|\bmfds?\b|reprograph", "271400"),
    (r"computing|\bict\b|\bi ?t\b provision|computer", "271501"),
    # Premises and works
    (r"grounds? maint|tree|verge|weed", "241210"),
    (r"highway|road|street lighting|traffic management|winter maintenance", "391400"),
    (r"cleaning (?:materials|equipment)|consumable items.*toilet|toilet roll|hygiene", "131000"),
    (r"contract cleaning|cleaning|domestic supplies|janitorial", "131310"),
    (r"security", "192200"),
    (r"repair|maintenance|adaptation|construction|building works|works and associated|planned maint|reactive maint"
     r"|dwelling|\bdlo\b|\bhra\b|h\.r\.a", "391100"),
    (r"building materials|materials|stores", "101400"),
    (r"architect", "391000"),
    (r"\brents?\b|rent of|room hire|hire of facilities|accommodation", "202000"),
    (r"\brates\b|business rates|council tax", "201400"),
    # Transport
    (r"taxi|private hire|home to school transport", "361450"),
    (r"coach|bus services|transport coach", "361800"),
    (r"vehicle fuel|\bfuel\b|diesel|petrol", "381100"),
    (r"vehicle spares|vehicle parts|\bparts\b", "381500"),
    (r"contract hire|vehicle hire|operating lease|leasing", "381600"),
    (r"plant hire|hire of (?:movable )?plant|hire of machinery|hire of equipment|plant and machinery", "381205"),
    (r"vehicle", "381400"),
    # Goods and services
    (r"catering|provisions|food|beverage|\bbar\b|school meals", "111200"),
    (r"printing|stationery|office expenses|office consumables", "341000"),
    (r"postage|courier|franking", "301200"),
    (r"furniture|furn, equip|fixtures", "211000"),
    (r"clothing|uniform|laundry|protective", "141000"),
    (r"books|library materials|publications|audio-visual", "171113"),
    (r"advertising|marketing|publicity|promotion", "191000"),
    (r"waste|refuse|landfill|recycling|skip", "182000"),
    (r"legal|solicitor|barrister|counsel", "281300"),
    (r"audit", "201100"),
    (r"insurance", "201800"),
    (r"consultan|professional fees|professional services|bought in professional", "151000"),
    (r"subscription", "202100"),
    (r"grant|contribution|voluntary (?:associations|organisations|sector)|third party payments", "201700"),
    (r"funeral|coroner|burial|cremation", "121000"),
    (r"equipment|furn.*mats", "161000"),
    (r"school", "171011"),
])

SUPPLIER_RULES = _rules([
    (r"\btaxis?\b|private hire|cabs\b", "361450"),
    (r"\bcoach(?:es)?\b|\bbus(?:es)?\b|travel\b", "361800"),
    (r"solicitors?|\blaw\b|legal|chambers|barrister", "281300"),
    (r"nursing home|care home|residential home|\bcare\b.*\bhomes?\b|\bhomes? for\b", "321017"),
    (r"home ?care|domiciliary", "321014"),
    (r"fostering|foster care", "401301"),
    (r"water\b", "371300"),
    (r"\benergy\b|\belectric(?:ity)?\b|\bpower\b|\bgas\b", "371000"),
    (r"\bfuels?\b|\boil\b|petroleum", "381100"),
    (r"\bprint(?:ers|ing)?\b", "191600"),
    (r"stationery|office supplies|lyreco", "341000"),
    (r"recruitment|\bstaffing\b|\bagency\b|personnel", "261400"),
    (r"\bcleaning\b|hygiene", "131310"),
    (r"security", "192200"),
    (r"scaffold|builders?\b|construction|roofing|joinery|plumbing|glazing|groundworks|contractors?\b", "391100"),
    (r"\bsurfacing\b|asphalt|highways?\b", "391400"),
    (r"landscap|\btrees?\b|grounds maint|garden", "241210"),
    (r"waste|recycling|\bskips?\b", "182000"),
    (r"software|computers?|\bict\b|\bsystems\b|technolog", "271501"),
    (r"telecom|mobile|\bbt\b|vodafone|\bo2\b", "271699"),
    (r"catering|foods?\b|butchers?|bakery|wholesale", "111200"),
    (r"consult|advisory|associates\b", "151000"),
    (r"insurance|insurers|zurich", "201800"),
    (r"motors\b|vehicle|garage", "381400"),
    (r"training|academy trust|college|university", "261500"),
    (r"parish council|town council|borough council|city council|county council", "201700"),
    (r"housing association|homes\b", "250005"),
])

# Each ProClass level 1 to a CPV 2008 division or group: the hub's own mapping, by hand.
LEVEL1_CPV = {
    "Arts & Leisure Services": "92000000-1",
    "Building Construction Materials": "44000000-0",
    "Catering": "55500000-5",
    "Cemetery & Crematorium": "98000000-3",
    "Cleaning & Janitorial": "90910000-9",
    "Clothing": "18000000-9",
    "Consultancy": "79400000-8",
    "Domestic Goods": "39000000-2",
    "Education": "80000000-4",
    "Environmental Services": "90000000-7",
    "Facilities & Management Services": "79000000-4",
    "Financial Services": "66000000-0",
    "Furniture & Soft Furnishings": "39100000-3",
    "Health & Safety": "33000000-0",
    "Healthcare": "85000000-9",
    "Highway Equipment & Materials": "44000000-0",
    "Horticultural": "77000000-0",
    "Housing Management": "70000000-1",
    "Human Resources": "79000000-4",
    "Information Communication Technology": "72000000-5",
    "Legal Services": "79100000-5",
    "Mail Services": "64110000-0",
    "Passenger Transport": "60000000-8",
    "Social Community Care Supplies & Services": "85000000-9",
    "Social Community Care Supplies & Services - Adult": "85311000-2",
    "Social Community Care Supplies & Services - Children": "85311000-2",
    "Sports & Playground Equipment & Maintenance": "92000000-1",
    "Stationery": "30192700-8",
    "Street & Traffic Management": "45233141-9",
    "Utilities": "65000000-3",
    "Vehicle Management": "34000000-7",
    "Works - Construction, Repair & Maintenance": "45000000-7",
}
LEVEL2_CPV = {
    "371000": "09310000-5", "371100": "09123000-7", "371300": "65100000-4", "381100": "09134000-7",
    "261400": "79620000-6", "261500": "80500000-9", "261100": "79530000-8", "271440": "48000000-8",
    "271699": "64200000-8", "271200": "30200000-1", "361450": "60120000-5", "361800": "60100000-9",
    "182000": "90500000-2", "341000": "30192700-8", "191600": "79800000-2", "201800": "66510000-8",
    "192200": "79710000-4", "191000": "79340000-9", "391400": "45233141-9", "391000": "71200000-0",
    "111200": "15000000-8", "321014": "85312000-9", "321013": "85312000-9", "321500": "85320000-8",
    "202000": "70000000-1",
}
