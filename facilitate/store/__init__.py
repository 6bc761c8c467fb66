"""SQLite through sqlite-utils: schema, migrations and the queries the app needs."""
