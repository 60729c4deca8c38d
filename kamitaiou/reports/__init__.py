"""The team view: reports with charts, CSV/Excel export and the supervisors' inbox tile."""
