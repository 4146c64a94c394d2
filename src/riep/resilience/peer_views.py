"""Comparator groups a partnership chooses for itself ("Chosen by the partnership" on the council pages).

Administrators of the partnership name a group and tick its councils; the council resilience page then offers
it beside same type, same region and nearest neighbours. Every change is kept in the group's history."""
from __future__ import annotations

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render

from riep.core.errors import UserError
from riep.core.permissions import requires
from riep.core.tables import COUNT, LINK, TEXT, Column, Table, download_response
from riep.peers import services as peers
from riep.peers.models import PeerGroup
from riep.registry.models import Organisation, Partnership
from riep.resilience import permissions

SECTION = {"section": "resilience"}


class PeerGroupForm(forms.Form):
    name = forms.CharField(max_length=200, label="Name of the group",
                           error_messages={"required": "Enter a name for the group"})
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000,
                                  label="Why these councils are compared",
                                  help_text="Shown with every comparison against this group.")
    councils = forms.ModelMultipleChoiceField(
        queryset=Organisation.objects.none(), widget=forms.CheckboxSelectMultiple, label="Councils in the group",
        error_messages={"required": f"Select at least {peers.MIN_PEERS} councils"})

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, **kwargs)
        # Councils in force today, the partnership's own members first (they are the usual choice), then A to Z.
        members = set(partnership.memberships.values_list("organisation_id", flat=True))
        current = Organisation.objects.councils().filter(end_date__isnull=True).order_by("name")
        self.fields["councils"].queryset = current
        ordered = sorted(current, key=lambda c: (c.pk not in members, c.name))
        self.fields["councils"].choices = [(c.pk, c.name) for c in ordered]

    def clean_councils(self):
        chosen = self.cleaned_data["councils"]
        if len(chosen) < peers.MIN_PEERS:
            raise forms.ValidationError(f"Select at least {peers.MIN_PEERS} councils: fewer give no median worth "
                                        "showing")
        return chosen


def _partnership(request, code) -> Partnership:
    found = get_object_or_404(Partnership, code__iexact=code)
    permissions.require(permissions.may_manage_rules(request.user, found),
                        "Only an administrator of this partnership may choose its comparator groups.")
    return found


@requires("manage_warning_rules")
def peer_groups(request, code):
    found = _partnership(request, code)
    groups = PeerGroup.objects.filter(partnership=found).prefetch_related("members")
    table = Table("peer-groups", f"{found.name}: comparator groups chosen by the partnership", [
        Column("name", "Group", LINK), Column("members", "Councils", COUNT), Column("names", "Members", TEXT),
        Column("description", "Why these councils")], [
        {"name": g.name, "url": f"/resilience/partnerships/{found.code}/peer-groups/{g.pk}/",
         "members": g.members.count(), "names": ", ".join(sorted(m.name for m in g.members.all())),
         "description": g.description} for g in groups])
    download = download_response(request, [table], f"peer-groups-{found.code}")
    return download or render(request, "resilience/peer_groups.html", {**SECTION, "partnership": found, "table": table})


@requires("manage_warning_rules")
def peer_group_edit(request, code, pk=None):
    found = _partnership(request, code)
    group = get_object_or_404(PeerGroup, partnership=found, pk=pk) if pk else None
    initial = {"name": group.name, "description": group.description,
               "councils": list(group.members.values_list("pk", flat=True))} if group else None
    form = PeerGroupForm(request.POST or None, initial=initial, partnership=found)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if group is not None and group.name != data["name"]:
                if PeerGroup.objects.filter(partnership=found, name=data["name"]).exclude(pk=group.pk).exists():
                    raise UserError(f"{found.name} already has a group called ‘{data['name']}’: choose another name.")
                group.name = data["name"]
                group.save()
            saved = peers.save_chosen_group(found, data["name"], data["councils"], user=request.user,
                                            description=data["description"])
        except UserError as error:
            form.add_error("name", str(error))
        else:
            messages.success(request, f"Comparator group ‘{saved.name}’ saved with {saved.members.count()} councils.")
            return redirect("resilience:peer-groups", code=found.code)
    title = f"Change the group ‘{group.name}’" if group else "Choose a comparator group"
    return render(request, "resilience/form.html", {**SECTION, "form": form, "title": title, "submit": "Save the group",
                                                    "back": f"/resilience/partnerships/{found.code}/peer-groups/"})
