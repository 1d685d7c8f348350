"""What a reviewer is asked and answers, for lessons and videos alike: a module of its own, so a
video route's first request does not load the lesson routes' models and their rules."""

from __future__ import annotations

from pydantic import BaseModel, Field

from chalicelib.api.schemas import request_model_config


class LearningReviewRequestIn(BaseModel):
    model_config = request_model_config({"reviewer_id": "01JF3Z8Q4X2N5Y6M7K8P9R0S1T"})

    reviewer_id: str = Field(min_length=1, max_length=64)


class LearningReviewDecisionIn(BaseModel):
    model_config = request_model_config({"approve": False, "note": "Kaart 3 mag korter.", "major": False})

    approve: bool
    note: str = Field("", max_length=2000)
    major: bool = Field(False, description="On approval: learners start over")
