"""Evaluation harnesses: measure tidings on external dev sets (not part of the pipeline)."""
