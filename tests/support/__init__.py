"""Helpers for the tests only (the production package never imports them)."""
