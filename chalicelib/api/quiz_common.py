"""What the quiz routes share: their blueprint (one, tagged `quizzes`; app.py registers it as
chalicelib.api.quizzes.api), who writes quizzes, and the shapes the bank and play both use."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from chalicelib.api.framework import Api
from chalicelib.quizzes import bank, rules

api = Api("chalicelib.api.quizzes", tag="quizzes")
AUTHORS = bank.AUTHORS
Language = Literal["nl", "fr", "en"]
Kind = Literal["single", "multiple", "true_false", "numeric"]
Status = Literal["draft", "published"]
NUMBER = Field(None, allow_inf_nan=False, ge=-rules.NUMBER_LIMIT, le=rules.NUMBER_LIMIT)


class OptionView(BaseModel):
    id: str
    text: str
