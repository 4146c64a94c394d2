"""Care placement costs: a fair weekly price for a person's support, from published cost methods.

The pure model lives in `riep.care.calc`; rate cards in `riep/care/ratecards/`.
"""
