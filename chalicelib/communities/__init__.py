"""Communities and their wall (the full wall arrives with its own issue)."""
