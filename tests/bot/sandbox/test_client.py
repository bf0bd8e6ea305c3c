"""bot/sandbox/client.py: a long text split into messages as Telegram clients split it."""

from __future__ import annotations

from bot.sandbox._wire import MAX_MESSAGE_LENGTH
from bot.sandbox.client import split_message


def _units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def test_a_text_within_the_limit_is_one_message_trimmed_and_blank_text_none() -> None:
    assert split_message("  hello there \n") == ["hello there"]
    assert split_message(" \n\t ") == []
    assert split_message("x" * MAX_MESSAGE_LENGTH) == ["x" * MAX_MESSAGE_LENGTH]


def test_desktop_cuts_at_the_last_paragraph_break_in_the_second_half() -> None:
    paragraphs = [f"Paragraph {n} says something. " * 12 for n in range(20)]
    text = "\n\n".join(p.strip() for p in paragraphs)
    parts = split_message(text)
    assert len(parts) > 1 and all(_units(p) <= MAX_MESSAGE_LENGTH for p in parts)
    assert all(_units(p) > MAX_MESSAGE_LENGTH // 2 for p in parts[:-1])
    assert "\n\n".join(parts) == text  # every cut fell on a paragraph break


def test_desktop_falls_back_to_a_sentence_end_then_a_space_then_the_limit() -> None:
    one_paragraph = "The council met again and voted on the plan. " * 120
    first = split_message(one_paragraph)[0]
    assert first.endswith("plan.") and _units(first) > MAX_MESSAGE_LENGTH - 50
    no_sentences = "word " * 2000
    assert split_message(no_sentences)[0].endswith("word")
    solid = "x" * 9000
    assert [len(p) for p in split_message(solid)] == [4096, 4096, 808]


def test_android_cuts_where_the_limit_falls_counting_utf16_units() -> None:
    text = "ab " * 3000
    parts = split_message(text, exact=True)
    assert parts[0] == text[:MAX_MESSAGE_LENGTH] and parts[0].endswith(" a")  # inside "ab"
    assert parts[1] == text[MAX_MESSAGE_LENGTH : 2 * MAX_MESSAGE_LENGTH]  # then a space, trimmed
    assert parts[2] == text[2 * MAX_MESSAGE_LENGTH :].strip()
    emoji = "😀" * 3000  # two units each: 2,048 to a message
    assert [len(p) for p in split_message(emoji, exact=True)] == [2048, 952]
