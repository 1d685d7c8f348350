"""Scheduled campaigns (issue #6): quiz events, themed challenges and nudges, run by the calendar."""
