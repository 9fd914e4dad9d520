"""The PostgreSQL store's connection, and the server's complaints made user errors.

Kept apart from :mod:`generator.history.postgres_store` (what is stored and
how) so that each stays short. Every message names the store by its URL
without the password (``shown``), and the server's own words are cut to their
first line with the password, should it appear, replaced by ``***``.
"""

from __future__ import annotations

import contextlib
import urllib.parse

from generator.errors import StoreError
from generator.history.store import _ELSEWHERE as ELSEWHERE, _RESTORE as RESTORE


def connect(url: str, shown: str, timeout: float, read_only: bool):
    """An autocommit connection (transactions are begun explicitly), rows as dicts;
    read-only for the whole session when ``read_only``."""
    import psycopg
    from psycopg.rows import dict_row

    try:
        connection = psycopg.connect(url, autocommit=True, row_factory=dict_row,
                                     connect_timeout=max(2, round(timeout)),
                                     application_name="dealroom")
        if read_only:
            connection.execute("SET default_transaction_read_only = on")
    except psycopg.Error as error:
        raise StoreError(f"cannot connect to the history store {shown} "
                         f"({said(error, _password(url))}): check the URL and that the server "
                         f"is running, or {ELSEWHERE}") from None
    return connection


@contextlib.contextmanager
def server_errors(shown: str, timeout: float, secret: str | None):
    """Turn the server's complaints into a :class:`StoreError` naming the store."""
    import psycopg
    from psycopg import errors

    try:
        yield
    except errors.LockNotAvailable:
        raise StoreError(f"{shown} is busy: another dealroom kept it locked for more "
                         f"than {timeout:g} s; try again") from None
    except errors.UniqueViolation:  # only a writer that skipped the deal's lock gets here
        raise StoreError(f"{shown}: another dealroom recorded the same version "
                         "meanwhile; nothing was recorded: publish again") from None
    except (errors.UndefinedTable, errors.UndefinedColumn) as error:
        raise StoreError(f"{shown}: the history store is damaged "
                         f"({said(error, secret)}): {RESTORE}") from None
    except (errors.ReadOnlySqlTransaction, errors.InsufficientPrivilege) as error:
        raise StoreError(f"cannot write the history store {shown} ({said(error, secret)}): "
                         f"check the database user's rights, or {ELSEWHERE}") from None
    except psycopg.OperationalError as error:
        raise StoreError(f"lost the history store {shown} ({said(error, secret)}): "
                         f"nothing half-written was kept; try again, or {ELSEWHERE}") from None


def said(error: Exception, secret: str | None) -> str:
    """The server's message, first line, never with the password in it."""
    text = str(error).strip()
    text = text.splitlines()[0] if text else type(error).__name__
    return text.replace(secret, "***") if secret else text


def _password(url: str) -> str | None:
    try:
        return urllib.parse.urlsplit(url).password
    except ValueError:
        return None
