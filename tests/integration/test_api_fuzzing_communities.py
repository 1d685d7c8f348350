"""Schemathesis over the communities' operations (the wall, moderation, community campaigns),
beside test_api_fuzzing.py, which fuzzes the others: two files run on two workers."""

from __future__ import annotations

from local.emulator import LocalResources
from tests.support.fuzzing import COMMUNITY_PATHS, fuzz_the_app


def test_no_community_operation_answers_a_5xx_or_breaks_its_schema(resources: LocalResources) -> None:
    fuzz_the_app(resources, "--include-path-regex", COMMUNITY_PATHS)
