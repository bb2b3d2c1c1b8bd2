"""Participant card codes: six characters shown as `K7M-4QX`, the last one a check character.

Pure Python (no Django). The alphabet has 29 characters (a prime) without look-alikes (no 0/O,
1/I/L, U/V). The check makes the weighted sum sum(w_i * v_i) with weights 6..1 a multiple of 29,
so any one wrong character and any two swapped characters are always caught: a substitution
changes the sum by w_i * d and a swap by (w_i - w_j)(v_i - v_j), both non-zero modulo a prime.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import unicodedata
from dataclasses import dataclass

ALPHABET = "23456789ABCDEFGHJKMNPQRSTWXYZ"
BASE = len(ALPHABET)  # 29
LENGTH = 6
_WEIGHTS = (6, 5, 4, 3, 2, 1)
_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}


def check_character(body: str) -> str:
    """The character that completes five code characters."""
    total = sum(w * _VALUE[ch] for w, ch in zip(_WEIGHTS, body, strict=False))
    return ALPHABET[(-total) % BASE]


def new_code() -> str:
    """A random code (five random characters, about 24 bits, and the check), without dash."""
    body = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH - 1))
    return body + check_character(body)


def normalize(raw: str) -> str:
    """Upper case, without spaces or dashes."""
    return "".join(ch for ch in raw.upper() if ch not in " -–_.")


def shown(code: str) -> str:
    return f"{code[:3]}-{code[3:]}"


def is_valid(code: str) -> bool:
    return (
        len(code) == LENGTH
        and all(ch in _VALUE for ch in code)
        and sum(w * _VALUE[ch] for w, ch in zip(_WEIGHTS, code, strict=True)) % BASE == 0
    )


@dataclass(frozen=True)
class Problem:
    """What is wrong with a typed code; the caller puts it in words (translated)."""

    kind: str  # "length", "character", "check", "wrong" (one character) or "swapped"
    position: int = 0  # 1-based
    character: str = ""
    length: int = 0


def problem(code: str) -> Problem | None:
    """None for a well-formed code; else which part looks wrong."""
    if len(code) != LENGTH:
        return Problem("length", length=len(code))
    for position, ch in enumerate(code, start=1):
        if ch not in _VALUE:
            return Problem("character", position=position, character=ch)
    if not is_valid(code):
        return Problem("check")
    return None


def near(code: str) -> dict[str, Problem]:
    """Valid codes one wrong character or one swap away, each with what would explain it."""
    found: dict[str, Problem] = {}
    if len(code) != LENGTH or any(ch not in _VALUE for ch in code):
        return found
    for i in range(LENGTH):
        for ch in ALPHABET:
            if ch != code[i]:
                candidate = code[:i] + ch + code[i + 1 :]
                if is_valid(candidate):
                    found[candidate] = Problem("wrong", position=i + 1, character=code[i])
    for i in range(LENGTH - 1):
        if code[i] != code[i + 1]:
            candidate = code[:i] + code[i + 1] + code[i] + code[i + 2 :]
            if is_valid(candidate):
                found[candidate] = Problem("swapped", position=i + 1)
    return found


def _fold(answer: str) -> str:
    """Answers compare without case, accents or spaces: 'José ' and 'jose' are the same."""
    decomposed = unicodedata.normalize("NFKD", answer)
    return "".join(ch for ch in decomposed if ch.isalnum()).casefold()


def answers_hash(*, key: str, program_id: int, answers: list[str]) -> str:
    """The keyed hash (HMAC-SHA256) kept for re-derivable codes; answers cannot be read back."""
    message = f"{program_id}|" + "|".join(_fold(a) for a in answers)
    return hmac.new(key.encode(), message.encode(), hashlib.sha256).hexdigest()


def derived_code(answers_digest: str) -> str:
    """The code the same answers always give (from the keyed hash, so it reveals nothing)."""
    number = int(answers_digest, 16)
    body = ""
    for _ in range(LENGTH - 1):
        number, value = divmod(number, BASE)
        body += ALPHABET[value]
    return body + check_character(body)
