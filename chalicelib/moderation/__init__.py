"""Moderation of the wall: reports, the moderation queue and log, moderators' actions, the
organisation's word list and per-member posting limits."""
