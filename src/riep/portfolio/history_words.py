"""How the portfolio's records read in audit trails (riep.core.history): "changed spend in 2009-10 (Core grant)"."""
from riep.core.history import describe, when_text
from riep.portfolio.models import ConfidenceAssessment, FundingLine, FundingSource, Milestone, Programme, Project


def register() -> None:
    describe(Project, name="project")
    describe(Programme, name="programme")
    describe(FundingSource, name="funding source")
    describe(FundingLine, name="funding line", title=lambda line: f"{line.source}, {line.year}",
             qualifier=lambda line: f" in {line.year} ({line.source})")
    describe(Milestone, name="milestone")
    describe(ConfidenceAssessment, name="delivery confidence rating", labels={"rating": "delivery confidence"},
             title=lambda c: f"{c.get_rating_display()} on {when_text(c.assessed_on)}")
