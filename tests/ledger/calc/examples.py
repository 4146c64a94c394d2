"""The worked NI 179 example shared by the ledger tests: two councils, six gains, 2008-09 to 2010-11.

NTH (Northshire) and STH (Southborough). Net = gross − investment − ongoing costs, per year (£):

G1 NTH procurement, realised, from 2008-09: gross 200,000 a year; investment 50,000 in 2008-09;
   ongoing 10,000 a year; 5,000 a year of staff time incurred anyway (shown, not netted).
   Net: 2008-09 140,000; 2009-10 190,000; 2010-11 190,000.
G2 NTH process redesign, NON-CASHABLE (productivity), 80,000 a year: never counts.
G3 STH asset, 60,000 in 2008-09 then nothing: stops after one year, fails persistence, never counts.
G4 STH shared service, from 2009-10: gross 300,000 a year to 2011-12; investment 100,000 in 2009-10;
   ongoing 20,000 a year. Net: 2009-10 180,000; 2010-11 280,000; 2011-12 280,000 (forecast).
G5 NTH collaborative procurement, from 2009-10: 120,000 a year, no costs; HEAVY REFERENCE CASE:
   buying at the national framework price would have saved 90,000 a year anyway (additionality only).
G6 shared 60% NTH / 40% STH, from 2008-09: gross 100,000 then 150,000 a year; investment 40,000 in 2008-09;
   ongoing 10,000 a year from 2009-10. Net: 60,000; 140,000; 140,000.
   NTH part: 36,000; 84,000; 84,000. STH part: 24,000; 56,000; 56,000.

NI 179 (outturn):
   2008-09 NTH 140,000 + 36,000 = 176,000; STH 24,000; total 200,000
   2009-10 NTH 190,000 + 120,000 + 84,000 = 394,000; STH 180,000 + 56,000 = 236,000; total 630,000
   2010-11 NTH 190,000 + 120,000 + 84,000 = 394,000; STH 280,000 + 56,000 = 336,000; total 730,000
"""
from decimal import Decimal

from riep.ledger.calc.gains import CouncilShare, Gain, yearly_amounts

D = Decimal


def worked_gains() -> list[Gain]:
    return [
        Gain("G1", "NTH", "procurement", True, True, "realised", "2008-09",
             yearly_amounts("2008-09", [200_000] * 4, [50_000], [10_000] * 4, [5_000] * 4), project_id="P-PROC"),
        Gain("G2", "NTH", "process_redesign", False, True, "realised", "2008-09",
             yearly_amounts("2008-09", [80_000] * 3)),
        Gain("G3", "STH", "asset", True, True, "realised", "2008-09",
             yearly_amounts("2008-09", [60_000])),
        Gain("G4", "STH", "shared_service", True, True, "realised", "2009-10",
             yearly_amounts("2009-10", [300_000] * 3, [100_000], [20_000] * 3), project_id="P-SS"),
        Gain("G5", "NTH", "procurement", True, True, "realised", "2009-10",
             yearly_amounts("2009-10", [120_000] * 3), project_id="P-PROC"),
        Gain("G6", "NTH", "shared_service", True, True, "realised", "2008-09",
             yearly_amounts("2008-09", [100_000, 150_000, 150_000, 150_000], [40_000], [0, 10_000, 10_000, 10_000]),
             project_id="P-SS", shares=(CouncilShare("NTH", "0.6"), CouncilShare("STH", "0.4"))),
    ]
