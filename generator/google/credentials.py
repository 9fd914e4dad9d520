"""Who dealroom is at Google: signing a user in, and loading the saved sign-in or a service account.

Only the ``drive.file`` scope is asked for: dealroom reaches the documents it
created (and files a user opened with it), nothing else in the user's Drive.
Every problem with the sign-in is found here, before any Docs or Drive request
is sent, and says what to run.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from generator.errors import RemoteError, UsageError
from generator.google.token_file import read_token, save_token, token_path

__all__ = ["SCOPES", "client_secrets_path", "load_credentials", "sign_in", "token_path"]

SCOPES = ("https://www.googleapis.com/auth/drive.file",)
CLIENT_SECRETS_VARIABLE = "DEALROOM_GOOGLE_CLIENT_SECRETS"
SERVICE_ACCOUNT_VARIABLE = "DEALROOM_GOOGLE_SERVICE_ACCOUNT"
WHAT_TO_DO = ("run `dealroom sign-in --client-secrets FILE` (the OAuth client of a Desktop app, "
              "see docs/google.md), or give a service account key with --service-account KEY")
CLIENT_NEEDS = ("client_id", "client_secret", "auth_uri", "token_uri")


def sign_in_again(reason: str) -> RemoteError:
    """A :class:`RemoteError` (exit 4): ``reason``, then what to run to sign in."""
    return RemoteError(f"{reason}: {WHAT_TO_DO}")


def client_secrets_path(given: str | None) -> Path:
    """The OAuth client secrets file: ``given`` (a flag), else ``$DEALROOM_GOOGLE_CLIENT_SECRETS``."""
    text = (given or "").strip() or os.environ.get(CLIENT_SECRETS_VARIABLE, "").strip()
    if not text:
        raise UsageError(f"which OAuth client? give --client-secrets FILE or set {CLIENT_SECRETS_VARIABLE} "
                         "(the client secrets file of a Desktop app OAuth client, see docs/google.md)")
    return Path(text).expanduser()


def sign_in(client_secrets: Path, *, open_browser: bool = True) -> Path:
    """Sign in through the browser and save the token (0600); returns where it was saved."""
    _read_client_secrets(client_secrets)
    from google_auth_oauthlib.flow import InstalledAppFlow

    flow = InstalledAppFlow.from_client_secrets_file(str(client_secrets), scopes=list(SCOPES))
    credentials = _run_flow(flow, open_browser)
    _check_granted(credentials)
    path = token_path()
    save_token(credentials.to_json(), path)
    return path


def _read_client_secrets(path: Path) -> dict:
    """The client section of an OAuth client secrets file, or a UsageError saying what is wrong."""
    data = _json_file(path, "OAuth client secrets file")
    if isinstance(data, dict) and data.get("type") == "service_account":
        raise UsageError(f"{path} is a service account key, not an OAuth client: "
                         "give it with --service-account KEY instead of signing in")
    client = next((data[key] for key in ("installed", "web")
                   if isinstance(data, dict) and isinstance(data.get(key), dict)), None)
    if client is None or not all(client.get(key) for key in CLIENT_NEEDS):
        raise UsageError(f"{path} is not an OAuth client secrets file: it needs an \"installed\" "
                         f"(Desktop app) section with {', '.join(CLIENT_NEEDS)}")
    return client


def _json_file(path: Path, what: str):
    """The JSON value in ``path``; a UsageError naming ``what`` and the path when it cannot be read."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UsageError(f"{what} {path} does not exist") from None
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or "not a text file"
        raise UsageError(f"cannot read the {what} {path}: {reason}") from None
    try:
        return json.loads(text)
    except ValueError:
        raise UsageError(f"{what} {path} is not JSON") from None


def _run_flow(flow, open_browser: bool):
    """The credentials the browser sign-in gives; a RemoteError when it does not complete."""
    from oauthlib.oauth2.rfc6749.errors import OAuth2Error

    try:
        return flow.run_local_server(port=0, open_browser=open_browser)
    except (OAuth2Error, OSError, ValueError) as error:
        raise RemoteError(f"Google sign-in did not complete ({_short(error)}): "
                          "run `dealroom sign-in` again") from None


def _check_granted(credentials) -> None:
    """Refuse a sign-in in which the user did not allow the drive.file scope."""
    granted = getattr(credentials, "granted_scopes", None)
    if granted is not None and SCOPES[0] not in granted:
        raise RemoteError("Google sign-in did not allow dealroom to create and edit its own files "
                          f"({SCOPES[0]}): run `dealroom sign-in` again and allow that access")


def load_credentials(service_account: str | None = None):
    """Credentials for the Docs and Drive calls, checked before any request is sent.

    A service account key (``service_account``, else ``$DEALROOM_GOOGLE_SERVICE_ACCOUNT``)
    wins; otherwise the token saved by ``dealroom sign-in``, renewed (and saved
    again) when it has expired. A missing, damaged or unrenewable sign-in is a
    :class:`RemoteError` (exit 4) saying what to run.
    """
    key = (service_account or "").strip() or os.environ.get(SERVICE_ACCOUNT_VARIABLE, "").strip()
    if key:
        return _service_account(Path(key).expanduser())
    return _signed_in_user(token_path())


def _service_account(path: Path):
    """Service account credentials from a JSON key file; a UsageError naming the file when it is not one."""
    _json_file(path, "service account key")
    from google.oauth2 import service_account

    try:
        return service_account.Credentials.from_service_account_file(str(path), scopes=list(SCOPES))
    except (ValueError, KeyError, TypeError, IndexError):
        raise UsageError(f"service account key {path} is not the JSON key of a Google Cloud service "
                         "account (it needs type, client_email, private_key and token_uri)") from None


def _signed_in_user(path: Path):
    """The saved user sign-in, renewed when it has expired."""
    from google.oauth2.credentials import Credentials

    try:
        credentials = Credentials.from_authorized_user_info(_token_info(path), scopes=list(SCOPES))
    except ValueError:
        raise sign_in_again(f"the Google sign-in saved at {path} is incomplete") from None
    if not credentials.valid:
        _renew(credentials, path)
    return credentials


def _token_info(path: Path) -> dict:
    """The saved token as a dict, refused when missing, damaged or without the drive.file scope."""
    try:
        text = read_token(path)
    except OSError as error:
        raise sign_in_again(f"cannot read the Google sign-in saved at {path} ({error.strerror})") from None
    if text is None:
        raise sign_in_again("not signed in to Google")
    try:
        info = json.loads(text)
    except ValueError:
        info = None
    if not isinstance(info, dict):
        raise sign_in_again(f"the Google sign-in saved at {path} is damaged")
    scopes = info.get("scopes") or ()
    if SCOPES[0] not in (scopes.split() if isinstance(scopes, str) else scopes):
        raise sign_in_again(f"the Google sign-in saved at {path} does not allow {SCOPES[0]}")
    return info


def _renew(credentials, path: Path) -> None:
    """Refresh an expired access token with the refresh token and save the sign-in again."""
    from google.auth.exceptions import RefreshError, TransportError
    from google.auth.transport.requests import Request

    try:
        credentials.refresh(Request())
    except RefreshError as error:
        reason = _short(error, credentials)
        raise sign_in_again(f"the Google sign-in saved at {path} has expired and Google "
                            f"refused to renew it ({reason})") from None
    except TransportError as error:
        raise RemoteError(f"cannot reach Google to renew the sign-in saved at {path} "
                          f"({_short(error, credentials)}); check the network and try again") from None
    save_token(credentials.to_json(), path)


def _short(error: Exception, credentials=None) -> str:
    """The first line of an error's first argument, with no secret of ``credentials`` in it."""
    text = str(error.args[0]) if error.args else type(error).__name__
    for secret in (getattr(credentials, name, None) for name in ("token", "refresh_token", "client_secret")):
        if secret:
            text = text.replace(secret, "(secret)")
    return (text.splitlines() or [type(error).__name__])[0][:200]
