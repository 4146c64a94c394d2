"""The same queries on PySpark (local[2]) as on DuckDB, over the same Parquet: identical to the penny.

The two queries the national runs need (spend by supplier x council x month, opportunities); council_summary runs
the same way and is left out to keep the suite quick (a Spark job costs seconds on a small machine)."""
import shutil

import pytest

from riep.procurement.analytics import queries

from .conftest import COUNCILS

pytestmark = [pytest.mark.spark,
              pytest.mark.skipif(shutil.which("java") is None, reason="Java is installed by scripts/ensure-test-tools.sh")]


def test_spark_and_duckdb_agree_to_the_penny(store):
    root, supplier_map = store["root"], store["supplier_map"]
    on_duckdb = queries.spend_by_supplier_council_month(root, supplier_map, engine="duckdb")
    assert on_duckdb and queries.spend_by_supplier_council_month(root, supplier_map, engine="spark") == on_duckdb
    on_duckdb = queries.opportunities(root, supplier_map, COUNCILS, engine="duckdb")
    assert any("price_spread" in o for o in on_duckdb)  # the comparison covers unit prices too
    assert queries.opportunities(root, supplier_map, COUNCILS, engine="spark") == on_duckdb
