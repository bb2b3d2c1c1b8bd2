"""A goal's card, its dates and its tally, written as HTML in Python.

They were three included templates; on the progress page (three cards, each with its dates and
tally) the include machinery, a dozen translation tags and Django's date filter cost more than
all the rest of the page's own markup (docs/benchmarks.md, "Progress, session 12"). The markup
and the words are the same as the templates'; every value shown is escaped.
"""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from waypoint.goals.charts import Dates
from waypoint.goals.models import Goal
from waypoint.goals.progress import GoalProgress


def _day(dates: Dates, day: date) -> str:
    """A date as Django's `date:"j M Y"` writes it."""
    return escape(f"{day.day} {dates.month(day)} {day.year}")


def period_html(goal: Goal, *, dates: Dates | None = None) -> SafeString:
    """When the goal runs: "Since 3 Mar 2026", "3 Mar 2026 to 9 Jun 2026", "Starts …"."""
    dates = dates or Dates()
    start = _day(dates, goal.started_on)
    if goal.ended_on:
        if goal.ended_on < goal.started_on:
            words = _("Changed before it started (%(start)s)") % {"start": start}
        else:
            words = _("%(start)s to %(end)s") % {"start": start, "end": _day(dates, goal.ended_on)}
    elif goal.starts_later:
        words = _("Starts %(start)s") % {"start": start}
    else:
        words = _("Since %(start)s") % {"start": start}
    return mark_safe(f'<span class="period">{words}</span>')  # noqa: S308 (values escaped)


def _use_tally(item: GoalProgress) -> str:
    goal = item.goal
    observe = goal.kind == Goal.Kind.OBSERVE
    label = _("Days logged") if observe else _("Days on track")
    rows: tuple[tuple[str, int], ...]
    if goal.is_active:
        rows = (
            (_("This week"), item.week.on_track),
            (_("This month"), item.month.on_track),
            (_("All time"), item.all_time.on_track),
        )
    else:
        rows = ((_("While it ran"), item.all_time.on_track),)
    cells = "\n".join(f"  <div><dt>{dt}</dt><dd>{dd}</dd></div>" for dt, dd in rows)
    caption = (
        _("days logged: noticing is the goal")
        if observe
        else _("days on track, added up: they never go back to zero")
    )
    off = item.all_time.off_plan
    missing = item.all_time.not_reported
    plain = _("All time:") if goal.is_active else _("While it ran:")
    if not observe:
        plain += " " + ngettext("%(n)s day off plan", "%(n)s days off plan", off) % {"n": off} + ","
    plain += " " + ngettext("%(n)s day not reported.", "%(n)s days not reported.", missing) % {
        "n": missing
    }
    parts = [
        f'<dl class="tally" aria-label="{label}">\n{cells}\n</dl>',
        f'<p class="tally-caption">{caption}</p>',
        f'<p class="plain-info">{plain}</p>',
    ]
    if item.continuous is not None and goal.is_active:
        n, longest = item.continuous, item.longest or 0
        if observe:
            run = ngettext("%(n)s day in a row logged", "%(n)s days in a row logged", n)
        else:
            run = ngettext("%(n)s day in a row on track", "%(n)s days in a row on track", n)
        most = ngettext("longest: %(n)s day", "longest: %(n)s days", longest) % {"n": longest}
        parts.append(f'<p class="run">{run % {"n": n}} · {most}</p>')
    if item.milestone:
        n = item.milestone
        if observe:
            reached = ngettext(
                "Milestone reached: %(n)s day logged.", "Milestone reached: %(n)s days logged.", n
            )
        else:
            reached = ngettext(
                "Milestone reached: %(n)s day on track.",
                "Milestone reached: %(n)s days on track.",
                n,
            )
        words = reached % {"n": n}
        if item.next_milestone and goal.is_active:
            words += " " + _("Next: %(next)s.") % {"next": item.next_milestone}
        parts.append(f'<p class="milestone">{words}</p>')
    return "\n".join(parts)


def tally_html(item: GoalProgress) -> SafeString:
    """A use goal's days (this week, month, all time); a personal goal's steps done."""
    if item.goal.is_use_goal:
        return mark_safe(_use_tally(item))  # noqa: S308 (numbers and translations only)
    if item.steps_total:
        words = _("%(done)s of %(total)s steps done") % {
            "done": item.steps_done,
            "total": item.steps_total,
        }
    else:
        words = _("No steps yet")
    return mark_safe(  # noqa: S308 (numbers and translations only)
        '<p class="steps-done">\n'
        f'  <progress max="{item.steps_total or 1}" value="{item.steps_done}" '
        f'aria-hidden="true"></progress>\n  {words}\n</p>'
    )


def card_html(item: GoalProgress, *, dates: Dates | None = None) -> SafeString:
    """One goal as a card: its title (a link to it), what it is, when it runs, its tally."""
    goal = item.goal
    ended = "" if goal.is_active else " ended"
    url = reverse("goals:detail", args=[goal.pk])
    if goal.title:
        title, about = goal.title, f'\n  <p class="describe">{escape(goal.describe())}</p>'
    else:
        title, about = goal.describe(), ""
    return mark_safe(  # noqa: S308 (values escaped)
        f'<li class="goal-card{ended}">\n'
        f'  <h3><a href="{url}">{escape(title)}</a></h3>{about}\n'
        f'  <p class="period">{period_html(goal, dates=dates)}</p>\n'
        f"  {tally_html(item)}\n</li>"
    )


def cards_html(items: list[GoalProgress]) -> SafeString:
    """Cards for a list of goals, the month names looked up once."""
    dates = Dates()
    return mark_safe("".join(card_html(item, dates=dates) for item in items))  # noqa: S308
