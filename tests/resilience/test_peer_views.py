"""A partnership's administrator chooses comparator groups; the council page then compares with them."""
from riep.peers.models import PeerGroup
from riep.registry.models import Organisation

ADMIN, MANAGER, OFFICER = "admin@riep.example", "manager@improvementeast.example", "officer@norfolk.example"


def _pks(*codes):
    return [str(Organisation.objects.get(gss_code=code).pk) for code in codes]


def test_only_the_partnerships_administrators_choose_its_groups(resilience, client, sign_in):
    for who in (MANAGER, OFFICER):
        sign_in(who)
        assert client.get("/resilience/partnerships/EE/peer-groups/").status_code == 403
        assert client.post("/resilience/partnerships/EE/peer-groups/new/", {"name": "x"}).status_code == 403
    sign_in(ADMIN)
    listing = client.get("/resilience/partnerships/EE/peer-groups/").content.decode()
    assert "Eastern upper-tier councils" in listing  # the demo's group
    assert "comparator groups" in client.get("/resilience/partnerships/EE/").content.decode()


def test_a_new_group_is_saved_with_its_councils_and_used_on_the_council_page(resilience, client, sign_in):
    sign_in(ADMIN)
    form = client.get("/resilience/partnerships/EE/peer-groups/new/").content.decode()
    assert form.index("Norfolk County Council") < form.index("Adur District Council")  # members first, then A to Z
    response = client.post("/resilience/partnerships/EE/peer-groups/new/", {
        "name": "Rural counties", "description": "Sparse, older populations",
        "councils": _pks("E10000020", "E10000029", "E10000024", "E10000003")})
    assert response.status_code == 302
    group = PeerGroup.objects.get(partnership__code="EE", name="Rural counties")
    assert group.members.count() == 4 and group.history.count() >= 1
    page = client.get("/resilience/councils/E10000020/?group=chosen").content.decode()
    assert "Chosen by the partnership" in page and "Peer median" in page
    csv = client.get("/resilience/partnerships/EE/peer-groups/", {"download": "peer-groups", "format": "csv"})
    assert "Rural counties" in b"".join(csv.streaming_content).decode("utf-8-sig")


def test_bad_input_names_the_field_and_saves_nothing(resilience, client, sign_in):
    sign_in(ADMIN)
    before = PeerGroup.objects.count()
    empty = client.post("/resilience/partnerships/EE/peer-groups/new/", {"name": ""}).content.decode()
    assert "Enter a name for the group" in empty and "Select at least 3 councils" in empty
    two = client.post("/resilience/partnerships/EE/peer-groups/new/", {
        "name": "Too few", "councils": _pks("E10000020", "E10000029")}).content.decode()
    assert "Select at least 3 councils: fewer give no median worth showing" in two
    assert PeerGroup.objects.count() == before


def test_a_group_is_renamed_and_its_members_changed(resilience, client, sign_in):
    sign_in(ADMIN)
    group = PeerGroup.objects.get(partnership__code="EE", name="Eastern upper-tier councils")
    response = client.post(f"/resilience/partnerships/EE/peer-groups/{group.pk}/", {
        "name": "Eastern counties", "councils": _pks("E10000020", "E10000029", "E10000015")})
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.name == "Eastern counties" and group.members.count() == 3
