"""Shared core of xxgk-audit: storage schema, text normalisation, dates, vocabularies.

`crawler`, `rules` and `reports` import only from here, never from each other (SPEC §6).
"""
