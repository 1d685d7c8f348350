"""What a published lesson or video keeps of each question it asks: a copy made at publishing, so
playing reads nothing else and judges answers against what the learner was shown."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from chalicelib.store.models import QuestionItem


def snapshot(item: QuestionItem) -> dict[str, Any]:
    """What a release keeps of a question: how it is shown, its answer key and its feedback."""
    from chalicelib.quizzes.bank import content_of  # the bank's decoding of its own item

    question = content_of(item)
    return {
        "question_id": item.question_id,
        "kind": question.kind,
        "language": question.language,
        "prompt": question.prompt,
        "options": [{"id": o.id, "text": o.text} for o in question.options],
        "correct_option_ids": list(question.correct_option_ids),
        "correct_number": question.correct_number,
        "tolerance": question.tolerance,
        "explanation": question.explanation,
        "variants": {
            lang: {"prompt": v.prompt, "options": list(v.options), "explanation": v.explanation}
            for lang, v in question.variants.items()
        },
        "image_key": item.image_key,
    }
