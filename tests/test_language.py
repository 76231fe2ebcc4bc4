"""Language identification: English segments are linted, others are skipped by all but privacy."""
from __future__ import annotations

import pytest

from commlint.document.model import Mask, Segment
from commlint.nlp.language import english_segments, is_english

ENGLISH = [
    "Thanks for your patience, the refund is on its way to your card.",
    "Could you tell me which browser you are using when the page freezes?",
    "I've moved your subscription to the monthly plan starting next week.",
    "The courier picks the parcel up on Tuesday between nine and noon.",
    "ok so the webhook fails bc the endpoint returns a 500 rn",
    "Please reboot the printer and try the test page again.",
]

OTHER = [
    ("es", "Muchas gracias por su paciencia, el reembolso ya está en camino."),
    ("es", "¿Podría decirme qué navegador usa cuando la página se bloquea?"),
    ("fr", "Merci de votre patience, le remboursement est en cours."),
    ("fr", "Pourriez-vous me dire quel navigateur vous utilisez ?"),
    ("de", "Vielen Dank für Ihre Geduld, die Erstattung ist unterwegs."),
    ("de", "Welchen Browser verwenden Sie, wenn die Seite hängen bleibt?"),
    ("pt", "Obrigada pela paciência, o reembolso já está a caminho."),
    ("pt", "Você pode me dizer qual navegador está usando quando a página trava?"),
    ("nl", "Bedankt voor uw geduld, de terugbetaling is onderweg."),
    ("nl", "Welke browser gebruikt u wanneer de pagina vastloopt?"),
    ("it", "Grazie per la pazienza, il rimborso è in arrivo."),
    ("it", "Può dirmi quale browser usa quando la pagina si blocca?"),
]


@pytest.mark.parametrize("text", ENGLISH)
def test_english_is_english(text: str) -> None:
    assert is_english(text) is True


@pytest.mark.parametrize("lang,text", OTHER)
def test_other_languages_are_not_english(lang: str, text: str) -> None:
    assert is_english(text) is False, lang


@pytest.mark.parametrize("text", ["Hola Juan,", "Thanks!", "Danke schön", "", "https://example.com/ayuda/pagos"])
def test_too_short_to_tell(text: str) -> None:
    assert is_english(text) is None


def test_urls_code_and_identifiers_are_not_words() -> None:
    assert is_english("see https://example.com/es/ayuda/devoluciones `pi_3Nx` acct_1FE a@b.es") is None


def _segment(text: str, masks: tuple[Mask, ...] = ()) -> Segment:
    return Segment.verbatim(text, 0, masks=masks)


def test_short_segments_take_the_message_verdict() -> None:
    spanish = [_segment("Hola Juan,"), _segment(OTHER[0][1]), _segment("Un saludo,")]
    assert english_segments(spanish) == [False, False, False]
    english = [_segment("Hi Juan,"), _segment(ENGLISH[0]), _segment("Best,")]
    assert english_segments(english) == [True, True, True]


def test_a_mixed_message_is_judged_segment_by_segment() -> None:
    segments = [_segment(ENGLISH[2]), _segment(OTHER[4][1])]
    assert english_segments(segments) == [True, False]


def test_nothing_to_judge_counts_as_english() -> None:
    assert english_segments([_segment("OK"), _segment("")]) == [True, True]


def test_masked_spans_do_not_vote() -> None:
    text = "Item item item item, gracias."
    segment = _segment(text, (Mask(0, 19, "code"),))
    assert english_segments([segment]) == [True]  # only "gracias" is left: too short, so English


def test_the_engine_skips_other_languages_except_for_secrets(linter) -> None:
    from commlint.sources.plain import text_document

    text = (
        "Hola Marta, gracias por tu mensaje. No te preocupes, lo vamos a revisar pronto, tbh.\n\n"
        "Tu tarjeta 4111 1111 1111 1111 quedó registrada en la cuenta sin ningún problema.\n\n"
        "Sorry, I will fix it asap, tbh.\n"
    )
    result = next(linter.check_documents([text_document(text)]))
    ids = {(f.rule_id, text[f.start:f.end]) for f in result.findings}
    assert ("P101", "4111 1111 1111 1111") in ids  # privacy reads every language
    assert all(text.index("Sorry") <= f.start for f in result.findings if f.category != "privacy")
    assert any(f.category == "slang" and text[f.start:f.end].lower() == "tbh" for f in result.findings)
