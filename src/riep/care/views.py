"""Care calculator pages: the step-by-step calculator, the placements portfolio, a placement, its negotiation
pack, recording the outcome, importing a placements file and the negotiated savings by council."""
from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from riep.care import services
from riep.care.calc import ServiceType, SupportNeeds, fair_weekly_price, load_rate_card, quote_gap
from riep.care.forms import CostsForm, ImportForm, NeedsForm, OutcomeForm, RateCardForm
from riep.care.models import Placement, PlacementImport, ServiceTypeChoice
from riep.care.negotiation_pack import pack_context
from riep.care.negotiation_pack import pack_pdf as build
from riep.care.permissions import (
    councils_person_manages_care_for,
    may_change_placement,
    partnerships_whose_savings_person_may_see,
    require_change_placement,
    require_see_savings_of,
    require_view_placement,
)
from riep.core.audit import audit_table
from riep.core.jobs import enqueue
from riep.core.permissions import requires
from riep.core.tables import download_response
from riep.core.uploads import receive_upload
from riep.registry.models import Partnership

SESSION_KEY = "care_calculator"
STEPS = [("needs", "Support needs"), ("rate-card", "Staffing and rate card"), ("costs", "Provider's fee"),
         ("result", "Fair price")]


# --- the step-by-step calculator (state in the session; no JavaScript) ----------------------------------------


def _state(request) -> dict:
    return dict(request.session.get(SESSION_KEY, {}))


def _save_state(request, state: dict) -> None:
    request.session[SESSION_KEY] = state


def _needs_from(state: dict) -> SupportNeeds | None:
    values = state.get("needs")
    if not values:
        return None
    kwargs = {k: Decimal(v) for k, v in values.items() if k not in ("service_type", "shared_by", "nights_shared_by") and v}
    try:
        return SupportNeeds(ServiceType(values["service_type"]), shared_by=int(values.get("shared_by") or 1),
                            nights_shared_by=int(values["nights_shared_by"]) if values.get("nights_shared_by") else None,
                            **kwargs)
    except (ValueError, KeyError):
        return None


def _step_context(current: str, **extra) -> dict:
    number = [s for s, _ in STEPS].index(current) + 1
    return {"steps": STEPS, "current": current, "step_number": number, "step_count": len(STEPS), **extra}


@requires("signed_in")
def calculator(request):
    if request.GET.get("restart"):
        request.session.pop(SESSION_KEY, None)
    return redirect("care:calc-needs")


@requires("signed_in")
def calc_needs(request):
    state = _state(request)
    form = NeedsForm(request.POST or None, initial=state.get("needs"))
    if request.method == "POST" and form.is_valid():
        state["needs"] = form.state()
        _save_state(request, state)
        return redirect("care:calc-rate-card")
    return render(request, "care/calculator_step.html", _step_context(
        "needs", form=form, title="What support does the person need?",
        intro="Enter the support as hours a week. Shared hours and nights are the setting's totals; the calculator "
              "divides them among the people who share them."))


@requires("signed_in")
def calc_rate_card(request):
    state = _state(request)
    if _needs_from(state) is None:
        return redirect("care:calc-needs")
    form = RateCardForm(request.POST or None, initial={"rate_card": state.get("rate_card", services.DEFAULT_RATE_CARD)})
    if request.method == "POST" and form.is_valid():
        needs = _needs_from(state)
        card = load_rate_card(form.cleaned_data["rate_card"])
        if needs.service_type not in card.services:
            form.add_error("rate_card", f"This rate card has no rates for {needs.service_type.label}")
        else:
            state["rate_card"] = card.name
            _save_state(request, state)
            return redirect("care:calc-costs")
    return render(request, "care/calculator_step.html", _step_context(
        "rate-card", form=form, title="Which staffing rates and costs should we use?", back="care:calc-needs",
        intro="The rate card sets the hourly pay of each role, the on-costs (employer National Insurance, pension, "
              "holiday, sickness and training cover), the staffing of each service and the overheads."))


@requires("signed_in")
def calc_costs(request):
    state = _state(request)
    if _needs_from(state) is None or not state.get("rate_card"):
        return redirect("care:calc-needs")
    form = CostsForm(request.POST or None, initial={"provider_fee": state.get("fee") or None})
    if request.method == "POST" and form.is_valid():
        fee = form.cleaned_data["provider_fee"]
        state["fee"] = "" if fee is None else str(fee)
        _save_state(request, state)
        return redirect("care:calc-result")
    return render(request, "care/calculator_step.html", _step_context(
        "costs", form=form, title="What does the provider charge?", back="care:calc-rate-card",
        intro="Enter the provider's current or quoted weekly fee to see the gap from the fair price."))


def _plain(value):
    """336.0000 → 336; 10.5000 → 10.5 (an answer shown as it was given, not as it is stored)."""
    if isinstance(value, Decimal):
        text = f"{value.normalize():,f}"
        return text
    return value


@requires("signed_in")
def calc_result(request):
    state = _state(request)
    needs = _needs_from(state)
    if needs is None or not state.get("rate_card"):
        return redirect("care:calc-needs")
    card = load_rate_card(state["rate_card"])
    price = fair_weekly_price(needs, card)
    gap = quote_gap(price, state["fee"]) if state.get("fee") else None
    breakdown, rates = services.breakdown_table(price), services.rates_table(price)
    download = download_response(request, [breakdown, rates], "care-fair-price")
    if download:
        return download
    return render(request, "care/calculator_result.html", _step_context(
        "result", needs=needs, card=card, price=price, gap=gap, breakdown=breakdown, rates=rates,
        needs_rows=[(f.label, _plain(getattr(needs, n))) for n in ("shared_core_hours", "shared_by", "one_to_one_hours",
                    "two_to_one_hours", "waking_night_hours", "sleep_in_nights") for f in [NeedsForm.base_fields[n]]]))


# --- placements --------------------------------------------------------------------------------------------------


def _placement(request, pk) -> Placement:
    placement = get_object_or_404(Placement.objects.select_related("council", "ledger_gain"), pk=pk)
    require_view_placement(request.user, placement)
    return placement


@requires("view_care_placements")
def portfolio(request):
    params = request.GET
    visible = services.visible_placements(request.user)
    councils = services.visible_councils(request.user)
    placements = services.ranked(services.filter_placements(visible, params))
    table = services.portfolio_table(placements)
    download = download_response(request, [table], "care-placements")
    if download:
        return download
    return render(request, "care/portfolio.html", {
        "table": table, "params": params, "councils": councils, "providers": services.provider_choices(visible),
        "service_types": ServiceTypeChoice.choices, "risks": sum(1 for p in placements if p.gap_flag.startswith("below")),
        "can_import": councils_person_manages_care_for(request.user).exists(),
    })


@requires("view_care_placements")
def placement_detail(request, pk):
    placement = _placement(request, pk)
    context = _placement_context(request, placement)
    tables = [context["breakdown"], context["rates"], context["audit"]]
    if context.get("saving_years") is not None:  # shown only once a fee is agreed; it downloads like the rest
        tables.append(context["saving_years"])
    download = download_response(request, tables, f"care-{placement.person_reference}")
    if download:
        return download
    return render(request, "care/placement_detail.html", context)


def _placement_context(request, placement, form=None) -> dict:
    context = pack_context(placement)
    context["audit"] = audit_table([Placement.history.filter(id=placement.pk)], caption="Audit trail: changes to this placement", viewer=request.user)
    context["can_change"] = may_change_placement(request.user, placement)
    context["form"] = form or OutcomeForm(initial={"agreed_weekly_fee": placement.agreed_weekly_fee,
                                                   "agreed_on": placement.agreed_on,
                                                   "expected_remaining_years": placement.expected_remaining_years,
                                                   "remaining_years_reason": placement.remaining_years_reason,
                                                   "review_cost": placement.review_cost})
    context["default_remaining_years"] = services.default_remaining_years(placement)
    return context


@requires("manage_care_placements")
def placement_outcome(request, pk):
    placement = _placement(request, pk)
    require_change_placement(request.user, placement)
    form = OutcomeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            data = form.cleaned_data
            gain = services.record_outcome(request.user, placement, data["agreed_weekly_fee"], data["agreed_on"],
                                           expected_remaining_years=data.get("expected_remaining_years"),
                                           remaining_years_reason=data.get("remaining_years_reason") or "",
                                           review_cost=data.get("review_cost"))
        except ValidationError as error:
            form.add_error(None, " ".join(error.messages))
        else:
            saving = services.annual_saving(placement)
            if placement.agreed_below_floor:
                messages.warning(request, f"Agreed fee recorded, but it is below the floor of the fair price range "
                                          f"(£{placement.floor_weekly_price:,.2f}): that is a risk to the placement, not a "
                                          "saving, so nothing is counted in the efficiency ledger.")
            elif saving:
                messages.success(request, f"Agreed fee recorded. Saving of £{placement.weekly_saving:,.2f} a week recorded "
                                          f"in the efficiency ledger as {gain.reference}, for each year the placement is "
                                          "expected to continue.")
            else:
                messages.success(request, "Agreed fee recorded. It is not lower than the current fee, so there is no saving.")
            return redirect(placement.get_absolute_url())
    placement.refresh_from_db()
    return render(request, "care/placement_detail.html", _placement_context(request, placement, form), status=200)


@requires("view_care_placements")
def pack(request, pk):
    placement = _placement(request, pk)
    return render(request, "care/negotiation_pack.html", pack_context(placement))


@requires("view_care_placements")
def pack_pdf(request, pk):
    placement = _placement(request, pk)
    response = HttpResponse(build(placement), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="negotiation-pack-{placement.person_reference}.pdf"'
    return response


# --- import ------------------------------------------------------------------------------------------------------


@requires("manage_care_placements")
def import_placements(request):
    councils = councils_person_manages_care_for(request.user).order_by("name")
    if not councils.exists():
        raise PermissionDenied("You are not an officer of any council.")
    form = ImportForm(request.POST or None, request.FILES or None, councils=councils,
                      initial={"rate_card": services.DEFAULT_RATE_CARD})
    if request.method == "POST" and form.is_valid():
        upload = receive_upload(form.cleaned_data["file"], request.user)
        record = PlacementImport.objects.create(
            council=form.cleaned_data["council"], file_name=upload.name, upload=upload,
            rate_card=form.cleaned_data["rate_card"], uploaded_by=request.user)
        job = enqueue("care.import_placements", {"import_id": record.pk, "upload_id": upload.pk}, request.user,
                      subject=record.council)
        return redirect("core:job", pk=job.pk)
    imports = PlacementImport.objects.filter(council__in=councils).select_related("council", "uploaded_by")[:20]
    return render(request, "care/import.html", {"form": form, "imports": imports})


# --- savings -----------------------------------------------------------------------------------------------------


@requires("signed_in")
def savings(request):
    """Aggregates by council (no placement detail): open to every signed-in role within its scope."""
    user = request.user
    partnership = None
    code = request.GET.get("partnership")
    if code:
        partnership = get_object_or_404(Partnership, code__iexact=code)
        require_see_savings_of(user, partnership)
    partnerships = partnerships_whose_savings_person_may_see(user)
    councils = services.savings_councils(user, partnership)
    caption = f"Negotiated care savings by council: {partnership.name}" if partnership else "Negotiated care savings by council"
    table = services.savings_table(councils, caption)
    download = download_response(request, [table], "care-savings")
    if download:
        return download
    return render(request, "care/savings.html", {"table": table, "partnership": partnership, "partnerships": partnerships})
