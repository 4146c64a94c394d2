"""Pure engines of the efficiency ledger: frozen dataclasses in and out, Decimal money, FinancialYear years.

Modules:
    gains          the gain record (per-year gross saving, investment, ongoing costs, council shares)
    ni179          NI 179 value for money gains for a council or partnership and a financial year
    csr07          the CSR07 3%-a-year trajectory and forecast/outturn comparison
    additionality  additional savings after leakage, displacement, substitution, multiplier and reference case
    green_book     discounting, optimism bias, savings persistence, NPV, benefit-cost ratio, VfM band
    export         NI 179 return rows, CSV and XLSX writers
    reference      loading of the reference data files (each value with its source)
"""
