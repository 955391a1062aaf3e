"""Scoring extraction against hand-coded gold files."""
