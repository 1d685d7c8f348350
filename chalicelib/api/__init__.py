"""HTTP routes: one Blueprint per resource, built with chalicelib.api.framework."""
