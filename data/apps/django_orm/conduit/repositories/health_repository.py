from __future__ import annotations

from django.db import connection


class HealthRepository:
    def ping(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
