from django import forms

from riep.registry.models import Membership, MembershipRole, Organisation, OrganisationKind, Person


class PartnerOrganisationForm(forms.Form):
    """Adds a partner organisation (not a council) to a partnership, creating it if it is new."""

    name = forms.CharField(label="Organisation name", max_length=200)
    kind = forms.ChoiceField(label="Type of organisation", widget=forms.RadioSelect,
                             choices=[c for c in OrganisationKind.choices if c[0] != OrganisationKind.COUNCIL])

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.partnership = partnership

    def clean(self):
        data = super().clean()
        name = data.get("name")
        if name and Membership.objects.filter(partnership=self.partnership, organisation__name__iexact=name).exists():
            self.add_error("name", f"{name} is already a member of {self.partnership}")
        return data

    def save(self) -> Membership:
        organisation = Organisation.objects.filter(name__iexact=self.cleaned_data["name"]).exclude(
            kind=OrganisationKind.COUNCIL).first()
        if organisation is None:
            organisation = Organisation.objects.create(name=self.cleaned_data["name"], kind=self.cleaned_data["kind"])
        return Membership.objects.create(partnership=self.partnership, organisation=organisation, role=MembershipRole.PARTNER)


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = ["name", "job_title", "email", "organisation", "partnership_role"]

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(memberships__partnership=partnership).order_by("name")
        self.fields["organisation"].help_text = "One of the partnership's member organisations."
