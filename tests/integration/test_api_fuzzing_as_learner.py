"""Schemathesis over every operation as a learner of the organisation: what a hostile member
can send gets a documented answer (mostly a refusal), never a 5xx."""

from __future__ import annotations

from local.emulator import LocalResources
from tests.support.fuzzing import fuzz_the_app


def test_no_operation_answers_a_learner_with_a_5xx_or_breaks_its_schema(resources: LocalResources) -> None:
    fuzz_the_app(resources, as_learner=True)
