"""The registry as it stood on a date: councils, partnerships' members and their codes on any day.

The RIEP programme ran from 1 April 2008 to 31 March 2011, and English local government changed under it: on
1 April 2009 Durham's, Northumberland's and Bedfordshire's councils were replaced by unitary authorities, and many
councils on today's register (East Suffolk, BCP, the combined authorities) did not exist. So pages about the
programme show the registry as it stood on the first day of the partnership's funding period, with a switch to
any other day or to today; the register of councils shows today's councils unless asked for another day.

Everything here reads what the registry already stores: each council's start and end dates (from mySociety's
register and the 2009 structural change orders) and each membership's joining and leaving dates.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from riep.registry.models import Organisation, Partnership


def existed_on(queryset, day: dt.date):
    """Organisations that existed on `day` (no start date: existed before the register's records begin)."""
    return queryset.filter(Q(start_date__isnull=True) | Q(start_date__lte=day),
                           Q(end_date__isnull=True) | Q(end_date__gte=day))


def memberships_on(partnership: Partnership, day: dt.date):
    """The partnership's memberships on `day`: joined by then, not yet left, and the organisation then existing."""
    return partnership.memberships.filter(
        Q(joined_on__isnull=True) | Q(joined_on__lte=day), Q(left_on__isnull=True) | Q(left_on__gte=day),
        Q(organisation__start_date__isnull=True) | Q(organisation__start_date__lte=day),
        Q(organisation__end_date__isnull=True) | Q(organisation__end_date__gte=day),
    )


def programme_days(partnership: Partnership) -> tuple[dt.date, dt.date] | None:
    """The first and last days of the partnership's funding periods (RIEP: 1 April 2008 to 31 March 2011)."""
    periods = list(partnership.funding_periods.all())
    if not periods:
        return None
    return min(p.first_year for p in periods).first_day, max(p.last_year for p in periods).last_day


def existed(organisation: Organisation, day: dt.date) -> bool:
    return ((organisation.start_date is None or organisation.start_date <= day)
            and (organisation.end_date is None or organisation.end_date >= day))


def codes(organisation: Organisation) -> list[tuple[str, str]]:
    """Each code the registry holds for the organisation, with the coding it belongs to. GSS codes were issued from
    2009, so councils abolished on 1 April 2009 have only their ONS SNAC code ("09" for Bedfordshire County Council)."""
    found = []
    if organisation.gss_code:
        found.append(("GSS code", organisation.gss_code))
    if organisation.snac_code:
        found.append(("ONS SNAC code", organisation.snac_code))
    return found


def code_text(organisation: Organisation) -> str:
    """One code labelled with its coding: "E10000020 (GSS)", or "09 (ONS SNAC)" where there is no GSS code."""
    if organisation.gss_code:
        return f"{organisation.gss_code} (GSS)"
    if organisation.snac_code:
        return f"{organisation.snac_code} (ONS SNAC)"
    return ""


def day_text(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


@dataclass(frozen=True)
class Choice:
    """The day a page shows, how to say it, and the days a person may switch to."""

    day: dt.date
    is_today: bool
    described: str  # "1 April 2008, the start of the RIEP three-year settlement"
    switches: list[tuple[str, str]]  # (label, value of ?on=)
    problem: str = ""  # a date that could not be read, in words


def parse_day(text: str) -> dt.date | None:
    text = (text or "").strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d %B %Y", "%d %b %Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def choose(request, default: dt.date | None = None, named: dict[dt.date, str] | None = None) -> Choice:
    """The day asked for in `?on=` (a date, or "today"), else `default` (else today)."""
    today = timezone.localdate()
    named = dict(named or {})
    asked = request.GET.get("on", "").strip()
    problem = ""
    if asked == "today":
        day = today
    elif asked:
        day = parse_day(asked)
        if day is None:
            problem = f"“{asked}” is not a date: enter a date such as 1/4/2008"
            day = default or today
    else:
        day = default or today
    named.setdefault(today, "today")
    described = day_text(day) + (f", {named[day]}" if day in named and named[day] != "today" else "")
    if day == today:
        described = f"today, {day_text(day)}"
    switches = [(f"{day_text(d)} ({label})" if label != "today" else f"Today ({day_text(d)})",
                 "today" if label == "today" else d.isoformat())
                for d, label in sorted(named.items()) if d != day]
    return Choice(day, day == today, described, switches, problem)
