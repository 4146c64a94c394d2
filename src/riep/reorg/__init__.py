"""Structural change models (reorganisation, shared services, planning capacity)."""
