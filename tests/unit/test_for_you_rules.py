"""The rules of "for you": the reasons a content item is recommended and the order of the list."""

from __future__ import annotations

from chalicelib.for_you import rules
from chalicelib.for_you.rules import Candidate, Reason


def test_a_reason_names_only_what_is_shared_with_me() -> None:
    assert rules.team_reason([]) is None
    assert rules.team_reason(["An", "Bert", "An"]) == Reason("team_completed", people=("An", "Bert"))
    followed = {"u-an": "An", "u-bo": "Bo"}
    assert rules.followed_reason(["u-cy"], followed) is None
    both = Reason("followed_author", ("Bo", "An"))
    assert rules.followed_reason(["u-bo", "u-an", "u-bo"], followed) == both
    skills = {"digital": ("Sales",), "meetings": ("Board", "Sales")}
    assert rules.skill_reason(["cooking"], skills) is None
    assert rules.skill_reason(["meetings", "digital", "cooking"], skills) == Reason(
        "community_skill", skills=("digital", "meetings"), communities=("Board", "Sales")
    )


def test_my_team_beats_people_i_follow_which_beat_my_communities_skills() -> None:
    skill = Reason("community_skill", skills=("digital",))
    followed = Reason("followed_author", people=("Bo",))
    team = Reason("team_completed", people=("An",))
    assert rules.strongest_first([skill, team, followed]) == (team, followed, skill)


def test_the_order_is_strongest_reason_then_weight_then_newest_then_id() -> None:
    two_colleagues = Reason("team_completed", people=("An", "Bo"))
    one_colleague = Reason("team_completed", people=("An",))
    skill = Reason("community_skill", skills=("digital",))
    candidates = [
        Candidate("c-skill-new", "2026-12-07T10:00:00", (skill,)),
        Candidate("c-one", "2026-12-01T10:00:00", (one_colleague,)),
        Candidate("c-skill-b", "2026-12-05T10:00:00", (skill,)),
        Candidate("c-two", "2026-11-01T10:00:00", (two_colleagues,)),
        Candidate("c-skill-a", "2026-12-05T10:00:00", (skill,)),
        Candidate("c-none", "2026-12-07T11:00:00", ()),
    ]
    ranked = [c.content_id for c in rules.rank(candidates)]
    assert ranked == ["c-two", "c-one", "c-skill-new", "c-skill-a", "c-skill-b"]  # no reason: not listed
    assert [c.content_id for c in rules.rank(reversed(candidates))] == ranked  # whatever the input order
