"""Diskurs dashboard: a Dash app charting the store the ETL writes (see create_app)."""
