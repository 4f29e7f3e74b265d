"""Revision ids the application refers to."""

INITIAL = "364b306be76d"
