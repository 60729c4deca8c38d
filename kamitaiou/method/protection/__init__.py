"""カスハラ対策 as the law requires since 2026-10-01 (issue 16): pure rules.

``categories`` — the guideline's kinds of conduct and the two judgements kept apart (is the
demand legitimate, is the manner acceptable); ``procedure`` — the response steps and their
guards; ``restrictions`` — restriction of service per customer (対応制限). No Django: the
``kamitaiou.protection`` app persists and renders what these decide.
"""
