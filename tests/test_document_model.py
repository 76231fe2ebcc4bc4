"""The document model: offset maps, segment building, line numbers."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from commlint.document.lines import LineIndex
from commlint.document.offsets import OffsetMap, TextBuilder, sliced
from commlint.sources.prose import ProseBuilder


def test_document_offsets_verbatim_and_replaced_pieces() -> None:
    source = "Tom &amp; Jerry <b>say</b> hi"
    builder = TextBuilder()
    builder.copy("Tom ", 0)
    builder.replace("&", 4, 9)
    builder.copy(" Jerry ", 9)
    builder.copy("say", 19)
    builder.copy(" hi", 26)
    text, offsets = builder.build()
    assert text == "Tom & Jerry say hi"
    amp = text.index("&")
    assert (offsets.start(amp), offsets.end(amp + 1)) == (4, 9)  # the whole entity
    say = text.index("say")
    assert source[offsets.start(say) : offsets.end(say + 3)] == "say"
    assert source[offsets.start(0) : offsets.end(len(text))] == source  # a span across removed markup
    assert offsets.exact(0, len(text))


def test_document_offsets_inexact_pieces_point_at_their_start() -> None:
    builder = TextBuilder()
    builder.copy("Hi. ", 0)
    builder.replace("decoded words here", 10, 60, exact=False)
    text, offsets = builder.build()
    word = text.index("words")
    assert offsets.start(word) == 10 and offsets.end(word + 5) == 10
    assert not offsets.exact(word, word + 5) and offsets.exact(0, 3)


def test_document_offsets_compose_through_a_decoded_part() -> None:
    # file: 'X=3Dy' decodes (quoted-printable) to 'X=y'; an HTML reader then copies 'y'
    part = TextBuilder()
    part.copy("X", 0)
    part.replace("=", 1, 4)
    part.copy("y", 4)
    _, part_map = part.build()
    inner = TextBuilder()
    inner.copy("=y", 1)
    _, inner_map = inner.build()
    composed = inner_map.compose(part_map)
    assert (composed.start(0), composed.end(1)) == (1, 4)
    assert (composed.start(1), composed.end(2)) == (4, 5)


def test_document_prose_builder_masks_placeholders_urls_and_addresses() -> None:
    source = "Hi {{ticket.requester.first_name}}, see https://example.com/a or mail help@example.com."
    builder = ProseBuilder(source, __import__("commlint.sources.placeholders", fromlist=["x"]).find_placeholders(source))
    builder.prose(0, len(source))
    segment = builder.build("paragraph")
    assert segment.text.startswith("Hi Alex, see https://example.com/a")
    assert [m.kind for m in segment.masks] == ["placeholder", "url", "email_address"]
    name = segment.masks[0]
    assert source[segment.to_source(name.start) : segment.end_to_source(name.end)] == "{{ticket.requester.first_name}}"


def test_document_lines_handle_lf_crlf_and_cr() -> None:
    for newline in ("\n", "\r\n", "\r"):
        text = f"one{newline}two{newline}three"
        assert LineIndex(text).line_col(text.index("three")) == (3, 1)


@st.composite
def _built(draw):
    source = draw(st.text(min_size=0, max_size=200))
    builder = TextBuilder()
    pos = 0
    while pos < len(source):
        step = draw(st.integers(1, 12))
        chunk = source[pos : pos + step]
        action = draw(st.sampled_from(["copy", "replace", "skip", "insert"]))
        if action == "copy":
            builder.copy(chunk, pos)
        elif action == "replace":
            builder.replace(draw(st.text(min_size=1, max_size=4)), pos, pos + len(chunk))
        elif action == "insert":
            builder.insert(" ", pos)
            builder.copy(chunk, pos)
        pos += len(chunk)
    text, offsets = builder.build()
    return source, text, offsets


@settings(max_examples=200, deadline=None)
@given(_built(), st.data())
def test_document_offsets_property(built, data) -> None:
    source, text, offsets = built
    for piece in offsets.pieces:
        if piece.verbatim:
            assert source[piece.src : piece.src_end] == text[piece.seg : piece.seg + piece.length]
    if not text:
        return
    a = data.draw(st.integers(0, len(text)))
    b = data.draw(st.integers(a, len(text)))
    start, end = offsets.start(a), offsets.end(b)
    assert 0 <= start <= len(source) and 0 <= end <= len(source)
    if b > a:
        assert start <= end
    lo, hi = sorted((a, b))
    part = sliced(offsets, lo, hi)
    if hi > lo:
        assert part.start(0) == offsets.start(lo) and part.end(hi - lo) == offsets.end(hi)
    assert isinstance(part, OffsetMap)


def test_document_long_segments_split_at_sentence_ends() -> None:
    from commlint.document.split import split_long_segments
    from commlint.sources.plain import text_document

    text = "Hi {{ticket.requester.first_name}}. " + "The export stopped at the third step. " * 2000
    document = split_long_segments(text_document(text), limit=5_000)
    assert len(document.segments) > 10 and all(len(s.text) <= 5_000 for s in document.segments)
    assert all(s.text.endswith(".") for s in document.segments)
    for segment in document.segments:
        for mask in segment.masks:
            assert text[segment.to_source(mask.start) : segment.end_to_source(mask.end)] == "{{ticket.requester.first_name}}"
    assert "".join(s.text for s in document.segments).replace(" ", "") in text.replace("{{ticket.requester.first_name}}", "Alex").replace(" ", "")
