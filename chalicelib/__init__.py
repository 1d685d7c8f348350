"""Kring: everything that is deployed to Lambda lives in this package."""
