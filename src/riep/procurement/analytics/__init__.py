"""The spend store (Parquet, partitioned by council and month) and the analytic queries over it, on DuckDB or
Spark."""
