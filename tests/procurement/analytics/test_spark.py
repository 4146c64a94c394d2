"""The same queries on PySpark (local[2]) as on DuckDB, over the same Parquet: identical to the penny."""
import shutil

import pytest

from riep.procurement.analytics import queries

from .conftest import COUNCILS

pytestmark = [pytest.mark.spark,
              pytest.mark.skipif(shutil.which("java") is None, reason="Java is installed by scripts/ensure-test-tools.sh")]


def test_spark_and_duckdb_agree_to_the_penny(store):
    root, supplier_map = store["root"], store["supplier_map"]
    for query, args in [
        (queries.spend_by_supplier_council_month, ()),
        (queries.opportunities, (COUNCILS,)),
        (queries.council_summary, (COUNCILS[0],)),
    ]:
        on_duckdb = query(root, supplier_map, *args, engine="duckdb") if query is not queries.council_summary \
            else query(root, *args, supplier_map, engine="duckdb")
        on_spark = query(root, supplier_map, *args, engine="spark") if query is not queries.council_summary \
            else query(root, *args, supplier_map, engine="spark")
        assert on_spark == on_duckdb, query.__name__
    assert on_duckdb["by_month"]  # the comparison was not of two empty answers
