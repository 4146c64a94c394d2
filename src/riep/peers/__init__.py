"""Comparator groups (peers)."""
