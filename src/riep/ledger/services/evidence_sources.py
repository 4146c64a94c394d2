"""The ledger's evidence registry: what other capabilities know about gains, without the ledger importing them.

- A capability that holds evidence behind gains (the counterfactual engine's analyses) adds a *source* from its
  app's `ready()`: a function from a queryset of gains to a `Table` of the evidence behind them. The value report
  shows each source's table among its method notes and in its workbook.
- A capability that produces an evidence document (the care calculator's negotiation pack) files it on the gain
  with `attach_evidence_document`.
"""
from __future__ import annotations

from typing import Callable

from django.core.files.base import ContentFile

from riep.core.tables import Table
from riep.ledger.models import EfficiencyGain, EvidenceDocument

EvidenceTable = Callable[..., Table]
_SOURCES: dict[str, EvidenceTable] = {}


def add_evidence_source(name: str, table_of_evidence: EvidenceTable) -> None:
    """Registers (or replaces) the source called `name`; `table_of_evidence(gains)` returns its table."""
    _SOURCES[name] = table_of_evidence


def evidence_tables(gains) -> list[Table]:
    """Each source's table for these gains, leaving out sources with nothing to show."""
    gains = list(gains)
    tables = [build(gains) for _, build in sorted(_SOURCES.items())]
    return [t for t in tables if t.rows]


def attach_evidence_document(gain: EfficiencyGain, title: str, filename: str, content: bytes,
                             user=None) -> EvidenceDocument:
    """Files a document (a PDF the capability produced) as one of the gain's evidence documents."""
    doc = EvidenceDocument(gain=gain, title=title[:200], uploaded_by=user if getattr(user, "pk", None) else None)
    doc.file.save(filename, ContentFile(content), save=False)
    doc.save()
    return doc
