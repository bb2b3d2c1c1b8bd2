"""Card codes: the check character catches one wrong or two swapped characters."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from waypoint.programs import codes

bodies = st.text(alphabet=codes.ALPHABET, min_size=5, max_size=5)


@given(bodies)
def test_new_codes_are_valid(body: str) -> None:
    assert codes.is_valid(body + codes.check_character(body))


@given(bodies, st.integers(0, 5), st.sampled_from(codes.ALPHABET))
def test_any_one_wrong_character_is_caught(body: str, position: int, ch: str) -> None:
    code = body + codes.check_character(body)
    typo = code[:position] + ch + code[position + 1 :]
    assert codes.is_valid(typo) == (typo == code)


@given(bodies, st.integers(0, 5), st.integers(0, 5))
def test_any_two_swapped_characters_are_caught(body: str, i: int, j: int) -> None:
    code = list(body + codes.check_character(body))
    code[i], code[j] = code[j], code[i]
    swapped = "".join(code)
    assert codes.is_valid(swapped) == (swapped == body + codes.check_character(body))


def test_alphabet_has_no_look_alikes_and_a_prime_size() -> None:
    assert not set("01ILOUV") & set(codes.ALPHABET)
    assert all(codes.BASE % d for d in range(2, codes.BASE))


def test_problem_names_the_character_never_used() -> None:
    problem = codes.problem("K7M0QX")
    assert problem is not None and problem.kind == "character" and problem.position == 4


def test_near_explains_a_typo_by_position() -> None:
    code = "K7M4Q" + codes.check_character("K7M4Q")
    typo = code[:2] + ("N" if code[2] != "N" else "P") + code[3:]
    assert codes.near(typo)[code].kind == "wrong"
    assert codes.near(typo)[code].position == 3


def test_derived_codes_are_stable_and_do_not_depend_on_case_or_accents() -> None:
    one = codes.answers_hash(key="k", program_id=1, answers=["José", "12"])
    two = codes.answers_hash(key="k", program_id=1, answers=[" jose", "12 "])
    other_program = codes.answers_hash(key="k", program_id=2, answers=["José", "12"])
    assert one == two != other_program
    assert codes.is_valid(codes.derived_code(one))
    # Keyed: without the server's key the same answers give another hash (no lookup table).
    assert codes.answers_hash(key="another key", program_id=1, answers=["José", "12"]) != one


def test_codes_spread_over_the_alphabet() -> None:
    seen = {codes.new_code()[0] for _ in itertools.repeat(None, 400)}
    assert len(seen) > 20
