"""Scheduled handlers: jobs that belong to a time rather than to a request."""
