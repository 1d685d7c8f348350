"""Schemathesis as a learner of the organisation over every operation that admits a learner (`make
fuzz`: every operation): what a hostile member can send gets a documented answer, never a 5xx. The
routes that refuse a learner whatever they send are walked by the trust sweep and the OpenAPI
errors walk (tests/support/fuzzing.py, REFUSED_TO_THE_LEARNER)."""

from __future__ import annotations

from local.emulator import LocalResources
from tests.support.fuzzing import fuzz_the_app


def test_no_operation_answers_a_learner_with_a_5xx_or_breaks_its_schema(resources: LocalResources) -> None:
    fuzz_the_app(resources, as_learner=True)
