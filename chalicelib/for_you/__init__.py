""" "For you": recommendations by transparent rules, each with its reason, and following people."""
