"""Intervision groups: groups of four to eight peers who meet regularly and work on one case by a method."""
