"""Local authority finance returns."""
