"""The DuckDB store: schema, migrations, batched writes, queries and export."""
