"""Item texts of the public-domain questionnaires Waypoint asks (scoring is in waypoint.measures).

AUDIT-C is AUDIT items 1-3 (Babor, Higgins-Biddle, Saunders & Monteiro, WHO 2001), public
domain. The questions and answer options keep the WHO wording word for word; the only addition
is a note under question 2 that a drink means a standard drink, as counted in the journal.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from waypoint.measures.instruments import AUDIT_C_POSITIVE


@dataclass(frozen=True)
class Question:
    """One item: its stable key, the question, and (score, label) answer options."""

    key: str
    text: Any
    options: tuple[tuple[int, Any], ...]
    help: Any = ""


AUDIT_C: tuple[Question, ...] = (
    Question(
        "q1",
        _("How often do you have a drink containing alcohol?"),
        (
            (0, _("Never")),
            (1, _("Monthly or less")),
            (2, _("2 to 4 times a month")),
            (3, _("2 to 3 times a week")),
            (4, _("4 or more times a week")),
        ),
    ),
    Question(
        "q2",
        _("How many drinks containing alcohol do you have on a typical day when you are drinking?"),
        (
            (0, _("1 or 2")),
            (1, _("3 or 4")),
            (2, _("5 or 6")),
            (3, _("7, 8 or 9")),
            (4, _("10 or more")),
        ),
        _("Count standard drinks, the same drinks you count in your journal."),
    ),
    Question(
        "q3",
        _("How often do you have six or more drinks on one occasion?"),
        (
            (0, _("Never")),
            (1, _("Less than monthly")),
            (2, _("Monthly")),
            (3, _("Weekly")),
            (4, _("Daily or almost daily")),
        ),
    ),
)


@dataclass(frozen=True)
class Feedback:
    """What an AUDIT-C score means, in plain words, with options and no verdict."""

    total: int
    maximum: int
    cutoff: int
    positive: bool
    summary: str
    meaning: str
    options: tuple[str, ...]


def audit_c_feedback(*, total: int, positive: bool, sex: str, drinks: bool) -> Feedback:
    """Plain, non-judgmental feedback on an AUDIT-C total (cut-offs: Bradley et al. 2007)."""
    cutoff = AUDIT_C_POSITIVE[sex]
    if not drinks:
        summary = gettext("You said you don't drink alcohol, so your score is 0 out of 12.")
        meaning = gettext("There is nothing here to look into. You can take this again any time.")
        options: tuple[str, ...] = (
            gettext("If that changes, your journal is here to keep track in your own way."),
        )
    elif positive:
        summary = gettext("Your score is %(total)d out of 12.") % {"total": total}
        meaning = gettext(
            "Screening guides suggest taking a closer look at drinking from a score of "
            "%(cutoff)d, because from there the risks to health start to rise. The higher the "
            "score, the more likely it is that drinking is affecting health."
        ) % {"cutoff": cutoff}
        options = (
            gettext(
                "Keep noticing: log your drinking for a few weeks and see what patterns show up."
            ),
            gettext("Set a goal on your own terms: cut down, drink more safely, or take a break."),
            gettext("Talk it over with someone you trust: a doctor, a counselor or a peer group."),
        )
    else:
        summary = gettext("Your score is %(total)d out of 12.") % {"total": total}
        meaning = gettext(
            "Screening guides read scores below %(cutoff)d as lower-risk drinking. Lower risk "
            "is not no risk: how much you drink on a single day matters too."
        ) % {"cutoff": cutoff}
        options = (
            gettext("Your journal can show you how things change over time."),
            gettext(
                "If you want to drink less or more safely, you can set a goal whenever you like."
            ),
        )
    return Feedback(
        total=total,
        maximum=12,
        cutoff=cutoff,
        positive=positive,
        summary=summary,
        meaning=meaning,
        options=options,
    )


# --- The other questionnaires (added for care: issue 5) ------------------------------------
# AUDIT (WHO 2001, public domain), PHQ-9 and GAD-7 (Pfizer; free to reproduce, no permission
# needed), WHO-5 (WHO Regional Office for Europe; free to use) and the readiness ruler (free),
# each in its published wording. DAST-10's items are copyrighted (Addiction Research
# Foundation), so it is not offered: waypoint.measures can score it, Waypoint cannot ask it.

_HOW_OFTEN_LAST_YEAR = (
    (0, _("Never")),
    (1, _("Less than monthly")),
    (2, _("Monthly")),
    (3, _("Weekly")),
    (4, _("Daily or almost daily")),
)
_NO_YES_LAST_YEAR = (
    (0, _("No")),
    (2, _("Yes, but not in the last year")),
    (4, _("Yes, during the last year")),
)

AUDIT: tuple[Question, ...] = (
    *AUDIT_C,
    Question(
        "q4",
        _(
            "How often during the last year have you found that you were not able to stop "
            "drinking once you had started?"
        ),
        _HOW_OFTEN_LAST_YEAR,
    ),
    Question(
        "q5",
        _(
            "How often during the last year have you failed to do what was normally expected "
            "from you because of drinking?"
        ),
        _HOW_OFTEN_LAST_YEAR,
    ),
    Question(
        "q6",
        _(
            "How often during the last year have you needed a first drink in the morning to get "
            "yourself going after a heavy drinking session?"
        ),
        _HOW_OFTEN_LAST_YEAR,
    ),
    Question(
        "q7",
        _(
            "How often during the last year have you had a feeling of guilt or remorse after "
            "drinking?"
        ),
        _HOW_OFTEN_LAST_YEAR,
    ),
    Question(
        "q8",
        _(
            "How often during the last year have you been unable to remember what happened the "
            "night before because you had been drinking?"
        ),
        _HOW_OFTEN_LAST_YEAR,
    ),
    Question(
        "q9",
        _("Have you or someone else been injured as a result of your drinking?"),
        _NO_YES_LAST_YEAR,
    ),
    Question(
        "q10",
        _(
            "Has a relative or friend or a doctor or another health worker been concerned about "
            "your drinking or suggested you cut down?"
        ),
        _NO_YES_LAST_YEAR,
    ),
)

_TWO_WEEKS = (
    (0, _("Not at all")),
    (1, _("Several days")),
    (2, _("More than half the days")),
    (3, _("Nearly every day")),
)

PHQ9: tuple[Question, ...] = tuple(
    Question(f"q{number}", text, _TWO_WEEKS)
    for number, text in enumerate(
        (
            _("Little interest or pleasure in doing things"),
            _("Feeling down, depressed, or hopeless"),
            _("Trouble falling or staying asleep, or sleeping too much"),
            _("Feeling tired or having little energy"),
            _("Poor appetite or overeating"),
            _(
                "Feeling bad about yourself — or that you are a failure or have let yourself or "
                "your family down"
            ),
            _(
                "Trouble concentrating on things, such as reading the newspaper or watching "
                "television"
            ),
            _(
                "Moving or speaking so slowly that other people could have noticed? Or the "
                "opposite — being so fidgety or restless that you have been moving around a lot "
                "more than usual"
            ),
            _("Thoughts that you would be better off dead or of hurting yourself in some way"),
        ),
        1,
    )
)

GAD7: tuple[Question, ...] = tuple(
    Question(f"q{number}", text, _TWO_WEEKS)
    for number, text in enumerate(
        (
            _("Feeling nervous, anxious, or on edge"),
            _("Not being able to stop or control worrying"),
            _("Worrying too much about different things"),
            _("Trouble relaxing"),
            _("Being so restless that it is hard to sit still"),
            _("Becoming easily annoyed or irritable"),
            _("Feeling afraid as if something awful might happen"),
        ),
        1,
    )
)

_WHO5_OPTIONS = (
    (5, _("All of the time")),
    (4, _("Most of the time")),
    (3, _("More than half of the time")),
    (2, _("Less than half of the time")),
    (1, _("Some of the time")),
    (0, _("At no time")),
)

WHO5: tuple[Question, ...] = tuple(
    Question(f"q{number}", text, _WHO5_OPTIONS)
    for number, text in enumerate(
        (
            _("I have felt cheerful and in good spirits"),
            _("I have felt calm and relaxed"),
            _("I have felt active and vigorous"),
            _("I woke up feeling fresh and rested"),
            _("My daily life has been filled with things that interest me"),
        ),
        1,
    )
)

_ZERO_TO_TEN = tuple((n, str(n)) for n in range(11))

READINESS: tuple[Question, ...] = (
    Question(
        "importance",
        _("How important is it to you to make the change you have in mind?"),
        _ZERO_TO_TEN,
        _("0 is not at all important, 10 is the most important thing to you right now."),
    ),
    Question(
        "confidence",
        _("If you decided to make this change, how confident are you that you could do it?"),
        _ZERO_TO_TEN,
        _("0 is not at all confident, 10 is completely confident."),
    ),
    Question(
        "readiness",
        _("How ready are you to make this change?"),
        _ZERO_TO_TEN,
        _("0 is not ready at all, 10 is ready right now."),
    ),
)


@dataclass(frozen=True)
class Questionnaire:
    """A questionnaire as Waypoint asks it: what it is about, its lead-in and its items."""

    key: str
    name: Any
    about: Any
    lead: Any
    questions: tuple[Question, ...]


QUESTIONNAIRES: dict[str, Questionnaire] = {
    "audit_c": Questionnaire(
        "audit_c",
        _("AUDIT-C"),
        _("Three questions about drinking, from the WHO's AUDIT."),
        _("Think about the last 12 months."),
        AUDIT_C,
    ),
    "audit": Questionnaire(
        "audit",
        _("AUDIT"),
        _("The WHO's ten questions about drinking and how it affects you."),
        _("Think about the last 12 months."),
        AUDIT,
    ),
    "phq9": Questionnaire(
        "phq9",
        _("PHQ-9"),
        _("Nine questions about mood."),
        _("Over the last 2 weeks, how often have you been bothered by any of the following?"),
        PHQ9,
    ),
    "gad7": Questionnaire(
        "gad7",
        _("GAD-7"),
        _("Seven questions about worry and anxiety."),
        _("Over the last 2 weeks, how often have you been bothered by the following?"),
        GAD7,
    ),
    "who5": Questionnaire(
        "who5",
        _("WHO-5 wellbeing"),
        _("Five questions about how you have been feeling."),
        _("Over the last two weeks:"),
        WHO5,
    ),
    "readiness": Questionnaire(
        "readiness",
        _("Readiness ruler"),
        _("Three questions on a 0 to 10 scale, about a change you have in mind. No score."),
        _("Think of a change you might make, big or small, in your own terms."),
        READINESS,
    ),
}
