"""What the grammar rule leaves to the chat register and to technical talk, and the slips
it still reports there. Each filter has a word that must pass and a real slip next to it
that must still be found. Harper runs in process (the real engine); the sentences are
written for these tests."""
from __future__ import annotations

import pytest

from commlint.config import Config
from commlint.lint.engine import Linter
from commlint.ruletypes.grammar import (
    _clipped, _edits, _far_from_words, _in_package_name, _lower_case_initials, _name_reshaped, _recased,
    _spacing_only, _unpointed_abbreviation,
)

pytest.importorskip("harper")

_LINTERS: dict = {}


def _grammar(text: str, channel: str = "chat", audience: str = "technical") -> list[tuple[str, str]]:
    """(rule id, matched words) of the grammar findings on ``text`` read as a reply."""
    key = (channel, audience)
    if key not in _LINTERS:
        _LINTERS[key] = Linter(Config(grammar="harper", kind="reply", channel=channel, audience=audience))
    return [(f.rule_id, f.match) for f in _LINTERS[key].lint_text(text) if f.category == "grammar"]


def _words(found: list[tuple[str, str]]) -> list[str]:
    return [match for _, match in found]


# -- spaces around a comma --------------------------------------------------------------


def test_a_space_before_a_comma_in_a_chat_turn_is_typing_and_a_repeated_word_is_still_found() -> None:
    assert _grammar("ok, that means the call was a GET , not a POST\n") == []
    assert _words(_grammar("ok, that means the call was a GET , not not a POST\n")) == ["not not"]
    # outside chat the spacing is still reported
    assert _grammar("That means the call was a GET , not a POST.\n", channel="email") != []


def test_spacing_only_is_about_whitespace_alone() -> None:
    assert _spacing_only(" ", ("",)) and _spacing_only(" ,", (", ",)) and _spacing_only(",", (", ",))
    assert not _spacing_only(",", (";",)) and not _spacing_only(" ", ())


# -- package and repository names ---------------------------------------------------------


def test_short_parts_of_hyphenated_package_names_pass_with_developers_and_a_misspelt_part_is_found() -> None:
    assert _grammar("you can install stripe-php with composer, or add stripe-ios to the podfile\n") == []
    assert _words(_grammar("the folow-up request goes to the same endpoint\n")) == ["folow"]
    # a customer reads the word, not a package name
    assert "php" in _words(_grammar("you can install stripe-php with composer\n", audience="customer"))


def test_package_names_are_lower_case_hyphenated_tokens_with_a_short_part() -> None:
    text = "add stripe-ios and then the follow-up"
    assert _in_package_name(text, text.index("ios"), text.index("ios") + 3)
    assert not _in_package_name(text, text.index("follow"), text.index("follow") + 6)  # a longer part
    other = "the Stripe-iOS pod"
    assert not _in_package_name(other, other.index("iOS"), other.index("iOS") + 3)  # not lower case


# -- a product's name where the engine wants a phrasal verb --------------------------------


def test_a_capitalised_product_name_is_not_a_phrasal_verb_but_the_lower_case_verb_is_still_found() -> None:
    assert _grammar("Setup Intents keep the card for later payments\n") == []
    assert _grammar("there are a few limits to Checkout. it depends on your flow\n") == []
    assert _words(_grammar("you'll setup a page that receives the events\n")) == ["setup"]


def test_name_reshaped_needs_a_capitalised_word_where_no_sentence_starts() -> None:
    text = "We added it to Checkout last week."
    assert _name_reshaped(text, text.index("Checkout"), "Checkout", ("Check out",))
    start = "Setup your account first."
    assert not _name_reshaped(start, 0, "Setup", ("Set up",))
    assert not _name_reshaped(text, text.index("Checkout"), "Checkout", ("Checked",))  # not the same letters


# -- names typed in lower case ------------------------------------------------------------


def test_a_name_typed_in_lower_case_in_chat_passes_and_a_misspelt_word_is_still_found() -> None:
    assert _grammar("could you put the repro up on github? the javascript is enough\n") == []
    assert _words(_grammar("could you put the repro up on github? the events you recieve are enough\n")) == ["recieve"]
    assert _grammar("Could you put the repro on github?\n", channel="email") != []


def test_recased_is_a_change_of_capitals_only() -> None:
    assert _recased("monday", ("Monday", "midday")) and _recased("SAAS", ("SaaS",))
    assert not _recased("recieve", ("receive",)) and not _recased("Monday", ("Monday",))


# -- an abbreviation without its full stop -------------------------------------------------


def test_etc_without_its_point_passes_in_chat_and_a_misspelt_word_is_still_found() -> None:
    assert _grammar("it replaces tokens, cards etc for new integrations\n") == []
    assert _words(_grammar("it replaces tokens, cards etc for new intergrations\n")) == ["intergrations"]
    assert _unpointed_abbreviation("etc", ("eta", "etc.")) and not _unpointed_abbreviation("adn", ("and",))


# -- initials in lower case ------------------------------------------------------------------


def test_lower_case_initials_pass_with_developers_and_a_swapped_letter_word_is_still_found() -> None:
    assert _grammar("can you dm me the url? the js snippet is enough\n") == []
    assert _words(_grammar("can you send the request id adn the customer id?\n")) == ["adn"]
    # with a customer, lower-case initials are still worth a look
    assert "dm" in _words(_grammar("can you dm me the url?\n", audience="customer"))


def test_initials_have_no_vowel_and_at_most_four_letters() -> None:
    assert _lower_case_initials("dm") and _lower_case_initials("php") and _lower_case_initials("sdk")
    assert not _lower_case_initials("adn") and not _lower_case_initials("teh") and not _lower_case_initials("nthing")
    assert not _lower_case_initials("PHP")  # the acronym rule's business


# -- clipped words -------------------------------------------------------------------------


def test_a_clipped_word_in_chat_passes_and_a_word_missing_a_letter_is_still_found() -> None:
    assert _grammar("give me a sec to look into that\n") == []
    assert _words(_grammar("there's probably nthing I can do from here\n")) == ["nthing"]


def test_clipped_keeps_the_letters_in_order_and_loses_at_least_two_fifths() -> None:
    assert _clipped("sec", ("second",)) and _clipped("mins", ("minute",)) and _clipped("hrs", ("hours",))
    assert not _clipped("nthing", ("nothing",)) and not _clipped("ths", ("this",)) and not _clipped("yea", ("yeah",))


# -- unknown words far from every suggestion -------------------------------------------------


def test_a_handle_far_from_every_suggestion_passes_and_a_swapped_letter_typo_is_still_found() -> None:
    assert _grammar("oh, that's a good thought karllekko\n") == []
    assert _words(_grammar("open the webhook in your dashbaord and send a test event\n")) == ["dashbaord"]
    # in an email too: the engine's suggestions are no use for a name
    assert _grammar("I asked karllekko about the change.\n", channel="email") == []


def test_far_from_words_counts_edits_with_swaps() -> None:
    assert _edits("dashbaord", "dashboard", 3) == 1 and _edits("recieve", "receive", 3) == 1
    assert _edits("symapthise", "sympathize", 3) == 2 and _edits("karllekko", "allegro", 3) == 3
    assert _far_from_words("karllekko", ("allegro", "Vallejo"))
    assert not _far_from_words("jeanfw", ("jean", "jeans")) and not _far_from_words("zorblex", ())
    assert not _far_from_words("Zorblex", ("Zebulon",))  # a capitalised name is judged as a name
