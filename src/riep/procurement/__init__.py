"""Procurement hub (councils' spend files)."""
