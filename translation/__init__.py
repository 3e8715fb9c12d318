"""Translate course content: engines, the language table, subtitle sentences."""
