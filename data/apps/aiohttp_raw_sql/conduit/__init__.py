"""Conduit (RealWorld) reference API: aiohttp + raw SQL (aiosqlite / asyncpg), layered.

Layers: routes (HTTP) -> services (business rules) -> repositories (SQL) -> db (driver wrapper).
"""
