"""How the registry's records read in audit trails (riep.core.history)."""
from riep.core.history import describe
from riep.registry.models import FundingPeriod, Membership, Organisation, Partnership, PartnershipGrant, Person


def register() -> None:
    describe(Organisation, name="organisation", labels={"successors": "successors"})
    describe(Partnership, name="partnership")
    describe(FundingPeriod, name="funding period")
    describe(PartnershipGrant, name="grant", title=lambda g: f"{g.get_kind_display()}, {g.year}",
             qualifier=lambda g: f" of the {g.get_kind_display().lower()} for {g.year}")
    describe(Membership, name="membership", title=lambda m: f"{m.organisation} in {m.partnership}")
    describe(Person, name="person")
