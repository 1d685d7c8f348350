"""The social wall: posts, comments, reactions and feeds of a community."""
