"""Workshops and meetups in a community: planning (one item per occurrence), RSVPs with a waitlist
that promotes people by itself, reminders, calendar files and check-in by a code."""
