"""What each kind of worksheet asks, and the one check of what a person wrote in one.

A worksheet's content is a dict of answers keyed by the field keys below. It is stored as one
encrypted JSON document per version (models.WorksheetVersion), so adding a question later never
needs a migration and an old version always shows exactly what was written then.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

COST_BENEFIT = "cost_benefit"
CHANGE_PLAN = "change_plan"
VALUES = "values"
READINESS = "readiness"

TEXT_MAX = 4000  # a long answer
LINE_MAX = 200  # a one-line answer
TOPIC_MAX = 80
VALUE_SLOTS = 5  # values picked and ranked
OWN_VALUE_MAX = 60
FIT_MAX = 500


@dataclass(frozen=True)
class Question:
    """One question of a worksheet: `text` (several lines), `line`, `choice` or `scale` (0-10)."""

    key: str
    label: str | StrPromise
    help: str | StrPromise = ""
    shape: str = "text"
    choices: tuple[tuple[str, str | StrPromise], ...] = ()
    group: str | StrPromise = ""

    @property
    def max_length(self) -> int:
        return LINE_MAX if self.shape == "line" else TEXT_MAX


@dataclass(frozen=True)
class Sheet:
    kind: str
    name: str | StrPromise
    about: str | StrPromise
    questions: tuple[Question, ...]
    ranks_values: bool = False

    def question(self, key: str) -> Question | None:
        return next((q for q in self.questions if q.key == key), None)


DIRECTIONS: tuple[tuple[str, str | StrPromise], ...] = (
    ("cut_down", _("Cutting down")),
    ("safer", _("Using more safely")),
    ("break", _("Taking a break")),
    ("stop", _("Stopping")),
    ("other", _("Something else")),
)

_USING = _("Using")
_CHANGING = _("Changing")

SHEETS: dict[str, Sheet] = {
    COST_BENEFIT: Sheet(
        kind=COST_BENEFIT,
        name=_("Pros and cons"),
        about=_(
            "Weigh what using gives you and costs you, and what a change could give you and "
            "cost you, right away and in the long run. There are no wrong answers."
        ),
        questions=(
            Question(
                "change",
                _("The change I am weighing"),
                _("In your words: cutting down, a break, using more safely, stopping, or other."),
                shape="line",
            ),
            Question("use_good_now", _("What using gives me, right away"), group=_USING),
            Question("use_good_later", _("What using gives me, in the long run"), group=_USING),
            Question("use_cost_now", _("What using costs me, right away"), group=_USING),
            Question("use_cost_later", _("What using costs me, in the long run"), group=_USING),
            Question(
                "change_good_now", _("What changing could give me, right away"), group=_CHANGING
            ),
            Question(
                "change_good_later",
                _("What changing could give me, in the long run"),
                group=_CHANGING,
            ),
            Question(
                "change_cost_now", _("What changing could cost me, right away"), group=_CHANGING
            ),
            Question(
                "change_cost_later",
                _("What changing could cost me, in the long run"),
                group=_CHANGING,
            ),
        ),
    ),
    CHANGE_PLAN: Sheet(
        kind=CHANGE_PLAN,
        name=_("Change plan"),
        about=_(
            "A plan in your own words. A change can be cutting down, using more safely, taking "
            "a break or stopping: whatever you choose. You can pin it to Today."
        ),
        questions=(
            Question("direction", _("What kind of change"), shape="choice", choices=DIRECTIONS),
            Question(
                "changes",
                _("The changes I want to make"),
                _("For example: no more than three drinks on a night out; never use alone."),
            ),
            Question("reasons", _("My most important reasons")),
            Question("steps", _("The steps I plan to take")),
            Question("helpers", _("Who can help, and how")),
            Question("signs", _("How I will know it is working")),
            Question("obstacles", _("What could get in the way")),
            Question("responses", _("What I will do then")),
        ),
    ),
    VALUES: Sheet(
        kind=VALUES,
        name=_("What matters to me"),
        about=_(
            "Pick up to five values that matter most to you and put them in order, then note "
            "how your use fits with them. Use your own words if none of ours fit."
        ),
        questions=(
            Question("fits", _("Where my use fits with what matters to me")),
            Question("pulls", _("Where my use pulls against what matters to me")),
        ),
        ranks_values=True,
    ),
    READINESS: Sheet(
        kind=READINESS,
        name=_("Readiness ruler"),
        about=_(
            "Two numbers from 0 to 10: how important a change is to you, and how confident you "
            "are that you could make it. Come back to it whenever you like and watch how it moves."
        ),
        questions=(
            Question(
                "change",
                _("The change I am thinking about"),
                _("In your words, for example: drinking less on weekdays."),
                shape="line",
            ),
            Question("importance", _("How important is this change to you?"), shape="scale"),
            Question(
                "confidence", _("How confident are you that you could make it?"), shape="scale"
            ),
            Question(
                "why_not_lower",
                _("Why this number, and not a lower one?"),
                _("Whatever made you pick it: that is something to build on."),
            ),
            Question("next_point", _("What would move a number up by one?")),
        ),
    ),
}

KIND_CHOICES: tuple[tuple[str, str | StrPromise], ...] = tuple(
    (key, sheet.name) for key, sheet in SHEETS.items()
)

# Waypoint's own list of values, written for Waypoint (not any published card deck).
VALUE_CHOICES: tuple[tuple[str, str | StrPromise], ...] = (
    ("family", _("Family: being close to the people I call family")),
    ("friendship", _("Friendship: having friends I trust")),
    ("love", _("Love: giving and getting love")),
    ("parenting", _("Being there for my kids")),
    ("health", _("Health: feeling well in body and mind")),
    ("safety", _("Safety: being safe, and keeping others safe")),
    ("independence", _("Independence: making my own choices")),
    ("freedom", _("Freedom: not being held back")),
    ("honesty", _("Honesty: being straight with myself and others")),
    ("respect", _("Respect: being treated fairly, and treating others fairly")),
    ("kindness", _("Kindness: looking out for others")),
    ("creativity", _("Creativity: making things, new ideas")),
    ("fun", _("Fun: enjoying life")),
    ("adventure", _("Adventure: new experiences")),
    ("learning", _("Learning: growing and understanding more")),
    ("work", _("Work: doing work that means something to me")),
    ("money", _("Money: being able to pay my way")),
    ("home", _("Home: a stable place to live")),
    ("community", _("Community: belonging somewhere")),
    ("spirituality", _("Faith or spirituality")),
    ("nature", _("Nature: time outdoors")),
    ("calm", _("Calm: peace of mind")),
    ("reliability", _("Keeping my word")),
)
VALUE_LABELS: dict[str, str | StrPromise] = dict(VALUE_CHOICES)


def value_name(code: str) -> str:
    """A value's short name: the words before the colon."""
    return str(VALUE_LABELS.get(code, code)).split(":", 1)[0]


def _text(value: Any, *, name: str, limit: int, errors: dict[str, list[str]]) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        errors.setdefault(name, []).append(str(_("Write text here.")))
        return ""
    text = value.replace("\r\n", "\n").strip()
    if "\x00" in text:
        errors.setdefault(name, []).append(
            str(_("This contains a character that cannot be saved."))
        )
        return ""
    if len(text) > limit:
        errors.setdefault(name, []).append(
            str(
                _("Keep this under %(limit)d characters (it has %(count)d).")
                % {"limit": limit, "count": len(text)}
            )
        )
    return text


def _scale(value: Any, *, name: str, errors: dict[str, list[str]]) -> int | None:
    if value is None or value == "":
        errors.setdefault(name, []).append(str(_("Choose a number from 0 to 10.")))
        return None
    if isinstance(value, bool) or not isinstance(value, int | str):
        errors.setdefault(name, []).append(str(_("Choose a number from 0 to 10.")))
        return None
    try:
        number = int(value)
    except ValueError:
        number = -1
    if not 0 <= number <= 10:
        errors.setdefault(name, []).append(str(_("Choose a number from 0 to 10.")))
        return None
    return number


def _ranked(value: Any, errors: dict[str, list[str]]) -> list[dict[str, str]]:
    """Values in order: each {"value": code or "", "own": own words, "fit": a note}."""
    if value is None:
        return []
    if not isinstance(value, list):
        errors.setdefault("values", []).append(str(_("Send the values as a list.")))
        return []
    if len(value) > VALUE_SLOTS:
        errors.setdefault("values", []).append(
            str(_("Pick at most %(n)d values.") % {"n": VALUE_SLOTS})
        )
        return []
    ranked: list[dict[str, str]] = []
    seen: set[str] = set()
    for position, item in enumerate(value, start=1):
        name = f"values.{position}"
        if not isinstance(item, dict) or set(item) - {"value", "own", "fit"}:
            errors.setdefault(name, []).append(
                str(_("Each value needs 'value' (a code) or 'own' (your words), and 'fit'."))
            )
            continue
        code = item.get("value") or ""
        if not isinstance(code, str) or (code and code not in VALUE_LABELS):
            errors.setdefault(name, []).append(
                str(_("Unknown value %(code)s.") % {"code": repr(code)})
            )
            continue
        own = _text(item.get("own"), name=name, limit=OWN_VALUE_MAX, errors=errors)
        fit = _text(item.get("fit"), name=name, limit=FIT_MAX, errors=errors)
        if code and own:
            errors.setdefault(name, []).append(
                str(_("Pick one of the list or write your own, not both."))
            )
            continue
        if not code and not own:
            if fit:
                errors.setdefault(name, []).append(str(_("Pick a value for this note.")))
            continue
        identity = code or own.casefold()
        if identity in seen:
            errors.setdefault(name, []).append(str(_("This value is already in your list.")))
            continue
        seen.add(identity)
        ranked.append({"value": code, "own": own, "fit": fit})
    return ranked


def clean_content(kind: str, content: Any) -> dict[str, Any]:
    """The answers, checked and tidied; ValidationError naming each field otherwise."""
    sheet = SHEETS.get(kind)
    if sheet is None:
        raise ValidationError(
            {
                "kind": _("Unknown kind %(kind)s. Choose one of: %(kinds)s.")
                % {"kind": repr(kind), "kinds": ", ".join(SHEETS)}
            }
        )
    if not isinstance(content, dict):
        raise ValidationError({"content": _("Send the answers as an object.")})
    allowed = {q.key for q in sheet.questions} | ({"values"} if sheet.ranks_values else set())
    unknown = sorted(set(content) - allowed)
    if unknown:
        raise ValidationError(
            {
                "content": _("Unknown field(s) for this worksheet: %(keys)s. Fields: %(allowed)s.")
                % {"keys": ", ".join(map(str, unknown)), "allowed": ", ".join(sorted(allowed))}
            }
        )
    errors: dict[str, list[str]] = {}
    clean: dict[str, Any] = {}
    for question in sheet.questions:
        raw = content.get(question.key)
        if question.shape == "scale":
            clean[question.key] = _scale(raw, name=question.key, errors=errors)
        elif question.shape == "choice":
            chosen = raw or ""
            if chosen and chosen not in dict(question.choices):
                errors.setdefault(question.key, []).append(
                    str(
                        _("Choose one of: %(codes)s.")
                        % {"codes": ", ".join(code for code, _label in question.choices)}
                    )
                )
            clean[question.key] = chosen if isinstance(chosen, str) else ""
        else:
            clean[question.key] = _text(
                raw, name=question.key, limit=question.max_length, errors=errors
            )
    if sheet.ranks_values:
        clean["values"] = _ranked(content.get("values"), errors)
    if not errors and not any(v not in ("", None, []) for v in clean.values()):
        errors["content"] = [str(_("Write something in at least one part."))]
    if errors:
        raise ValidationError(errors)
    return clean


def clean_topic(topic: Any) -> str:
    """The substance or behaviour the worksheet is about, in the person's own words."""
    if not isinstance(topic, str) or not topic.strip():
        raise ValidationError(
            {"topic": _("Say what this worksheet is about, for example alcohol or gambling.")}
        )
    cleaned = " ".join(topic.split())
    if len(cleaned) > TOPIC_MAX:
        raise ValidationError(
            {"topic": _("Keep this under %(limit)d characters.") % {"limit": TOPIC_MAX}}
        )
    return cleaned


@dataclass(frozen=True)
class Shown:
    """One answer as a page shows it."""

    key: str
    label: str | StrPromise
    text: str
    group: str | StrPromise = ""


def shown_answers(kind: str, answers: dict[str, Any]) -> list[Shown]:
    """The answers of one version in the sheet's order, ranked values as one numbered answer."""
    sheet = SHEETS[kind]
    rows: list[Shown] = []
    for question in sheet.questions:
        value = answers.get(question.key)
        if question.shape == "choice":
            text = str(dict(question.choices).get(value, "")) if value else ""
        elif question.shape == "scale":
            text = "" if value is None else f"{value} / 10"
        else:
            text = value or ""
        rows.append(Shown(question.key, question.label, text, question.group))
    if sheet.ranks_values:
        lines = []
        for rank, item in enumerate(answers.get("values") or [], start=1):
            name = item.get("own") or value_name(item.get("value", ""))
            line = f"{rank}. {name}"
            if item.get("fit"):
                line += f": {item['fit']}"
            lines.append(line)
        rows.insert(0, Shown("values", _("My values, most important first"), "\n".join(lines)))
    return rows


@dataclass(frozen=True)
class Compared:
    label: str | StrPromise
    before: str
    after: str

    @property
    def changed(self) -> bool:
        return self.before != self.after


def compare(kind: str, before: dict[str, Any], after: dict[str, Any]) -> list[Compared]:
    """Each answer in two versions side by side."""
    old = {row.key: row for row in shown_answers(kind, before)}
    return [
        Compared(row.label, old[row.key].text if row.key in old else "", row.text)
        for row in shown_answers(kind, after)
    ]
