"""Running the same project on other engines (PostgreSQL, Spark) and proving the results equal."""
