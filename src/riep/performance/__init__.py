"""Performance toolkit."""
