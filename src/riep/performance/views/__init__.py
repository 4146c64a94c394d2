"""Pages of the performance toolkit."""
