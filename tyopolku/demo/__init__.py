"""Fictional demo data for `manage.py load_demo` (a plain package, not a Django app).

- people.py   the organisation, units, staff and the names the clients are made of
- stories.py  each client's path as plain dated data (seeded, relative to today)
- paths.py    a story turned into records through the services
- builder.py  the build steps, `build_demo()` and `load_demo()`; add new steps there
"""
