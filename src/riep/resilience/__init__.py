"""Councils in difficulty (financial resilience)."""
