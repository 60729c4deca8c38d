"""The method of METHOD.md as pure Python: stages, transitions, guards and assessments.

Nothing here imports Django, touches a database or reads the clock: the Django apps
fill plain data (``CaseFacts``, ``Assessment``, ``Outcome`` …) and get plain data back.
``docs/method.md`` maps every METHOD.md section to the module that carries it.
"""
