"""The records of the カスハラ measures (issue 16)."""
