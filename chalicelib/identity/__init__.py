"""Organisations, their members and roles: use cases over the member store and the user pool."""
