"""Matching people into pairs (buddies, mentors and mentees): pure rules, no storage, no AWS."""
