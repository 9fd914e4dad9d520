"""Signing in to Google and loading the saved sign-in or a service account key (no network).

The browser sign-in is replaced by a fake ``run_local_server``; an expired
token is renewed against a token endpoint served on 127.0.0.1.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
from urllib.parse import parse_qs

import pytest

from generator.errors import OutputError, RemoteError, UsageError
from generator.google import credentials as google_credentials
from generator.google.credentials import (SCOPES, client_secrets_path, load_credentials, sign_in,
                                          token_path)

DRIVE_FILE = "https://www.googleapis.com/auth/drive.file"
REFRESH_TOKEN = "1//REFRESH-SECRET"
CLIENT_SECRET = "CLIENT-SECRET"


@pytest.fixture(autouse=True)
def config(tmp_path, monkeypatch):
    """A config folder of the test's own, and none of the Google variables set."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    for name in ("DEALROOM_GOOGLE_SERVICE_ACCOUNT", "DEALROOM_GOOGLE_CLIENT_SECRETS"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path / "config"


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def saved_token(*, token="ya29.OLD", expiry=None, scopes=(DRIVE_FILE,)) -> dict:
    """Write a token file as ``dealroom sign-in`` saves it; returns its content."""
    expiry = expiry or in_hours(1)
    info = {"token": token, "refresh_token": REFRESH_TOKEN,
            "token_uri": "https://oauth2.googleapis.com/token",
            "client_id": "client.apps.googleusercontent.com", "client_secret": CLIENT_SECRET,
            "scopes": list(scopes), "expiry": expiry.isoformat() + "Z"}
    path = token_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(info))
    path.chmod(0o600)
    return info


def in_hours(hours: float) -> dt.datetime:
    """A naive UTC time ``hours`` from now, as google-auth keeps expiries."""
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None) + dt.timedelta(hours=hours)


def an_hour_ago() -> dt.datetime:
    return in_hours(-1)


class TokenEndpoint:
    """Google's token endpoint, faked at the transport google-auth renews through.

    google-auth 2.63 always renews at Google's own token URL (it ignores the
    ``token_uri`` saved in the file), so the transport is replaced rather than
    the URL. Set ``.answer`` (status, JSON) or ``.failure``; ``.forms`` records what was posted.
    """

    def __init__(self):
        self.forms = []
        self.answer = (200, {"access_token": "ya29.NEW", "expires_in": 3600, "token_type": "Bearer"})
        self.failure = None

    def __call__(self, url, method="GET", body=None, headers=None, timeout=None, **options):
        self.forms.append({"url": url, **parse_qs(body.decode() if isinstance(body, bytes) else body)})
        if self.failure:
            raise self.failure
        status, answer = self.answer
        return Answer(status, json.dumps(answer).encode())


class Answer:
    """A transport answer as google-auth reads it."""

    def __init__(self, status, data):
        self.status, self.data, self.headers = status, data, {"content-type": "application/json"}


@pytest.fixture(autouse=True)
def token_endpoint(monkeypatch):
    """Every renewal in these tests goes to a fake token endpoint, never to the network."""
    endpoint = TokenEndpoint()
    monkeypatch.setattr("google.auth.transport.requests.Request", lambda *args, **options: endpoint)
    return endpoint


# --- where the sign-in lives -------------------------------------------------------------

def test_the_token_lives_under_xdg_config_home(config):
    assert token_path() == config / "dealroom" / "google-token.json"


def test_without_xdg_config_home_the_token_lives_under_dot_config(monkeypatch, tmp_path):
    monkeypatch.delenv("XDG_CONFIG_HOME")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert token_path() == tmp_path / ".config" / "dealroom" / "google-token.json"


def test_the_only_scope_is_drive_file():
    assert SCOPES == (DRIVE_FILE,)


# --- loading the saved sign-in -----------------------------------------------------------

def test_without_a_sign_in_the_error_says_what_to_run():
    with pytest.raises(RemoteError) as caught:
        load_credentials()
    assert caught.value.exit_status == 4
    assert str(caught.value) == (
        "not signed in to Google: run `dealroom sign-in --client-secrets FILE` (the OAuth client of a "
        "Desktop app, see docs/google.md), or give a service account key with --service-account KEY")


def test_a_valid_token_is_used_as_saved_without_renewing(token_endpoint):
    saved_token(token="ya29.VALID")
    loaded = load_credentials()
    assert loaded.token == "ya29.VALID" and loaded.valid
    assert token_endpoint.forms == []
    assert tuple(loaded.scopes) == SCOPES


def test_an_expired_token_is_renewed_and_saved_again_privately(token_endpoint):
    saved_token(expiry=an_hour_ago())
    loaded = load_credentials()
    assert loaded.token == "ya29.NEW" and loaded.valid
    form = token_endpoint.forms[0]
    assert form["url"] == "https://oauth2.googleapis.com/token"
    assert form["grant_type"] == ["refresh_token"] and form["refresh_token"] == [REFRESH_TOKEN]
    resaved = json.loads(token_path().read_text())
    assert resaved["token"] == "ya29.NEW" and resaved["refresh_token"] == REFRESH_TOKEN
    assert mode(token_path()) == 0o600


def test_a_renewal_google_refuses_tells_to_sign_in_again_without_secrets(token_endpoint):
    token_endpoint.answer = (400, {"error": "invalid_grant", "error_description": "Token has been "
                                   "expired or revoked."})
    saved_token(expiry=an_hour_ago())
    with pytest.raises(RemoteError) as caught:
        load_credentials()
    message = str(caught.value)
    assert "has expired and Google refused to renew it (invalid_grant" in message
    assert "run `dealroom sign-in --client-secrets FILE`" in message
    assert REFRESH_TOKEN not in message and CLIENT_SECRET not in message and "ya29" not in message


def test_a_token_endpoint_out_of_reach_is_a_remote_error_about_the_network(token_endpoint):
    from google.auth.exceptions import TransportError

    token_endpoint.failure = TransportError("Connection refused")
    saved_token(expiry=an_hour_ago())
    with pytest.raises(RemoteError, match="cannot reach Google to renew the sign-in") as caught:
        load_credentials()
    assert caught.value.exit_status == 4


def test_a_damaged_token_file_tells_to_sign_in_again():
    token_path().parent.mkdir(parents=True)
    token_path().write_text("{not json")
    with pytest.raises(RemoteError, match=r"is damaged: run `dealroom sign-in"):
        load_credentials()


def test_a_token_without_a_refresh_token_tells_to_sign_in_again():
    info = saved_token()
    del info["refresh_token"]
    token_path().write_text(json.dumps(info))
    with pytest.raises(RemoteError, match=r"is incomplete: run `dealroom sign-in"):
        load_credentials()


def test_a_token_without_the_drive_file_scope_is_refused():
    saved_token(scopes=("https://www.googleapis.com/auth/drive.readonly",))
    with pytest.raises(RemoteError) as caught:
        load_credentials()
    assert f"does not allow {DRIVE_FILE}: run `dealroom sign-in" in str(caught.value)


def test_a_token_file_others_can_read_is_repaired_to_0600():
    saved_token()
    token_path().chmod(0o644)
    load_credentials()
    assert mode(token_path()) == 0o600


# --- a service account -------------------------------------------------------------------

def service_account_key(path):
    """A throwaway service account key file with a freshly made RSA key."""
    rsa = pytest.importorskip("cryptography.hazmat.primitives.asymmetric.rsa",
                              reason="the cryptography package makes the throwaway RSA key")
    from cryptography.hazmat.primitives import serialization

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption()).decode()
    path.write_text(json.dumps({
        "type": "service_account", "project_id": "dealroom-test", "private_key_id": "k1",
        "private_key": pem, "client_email": "publisher@dealroom-test.iam.gserviceaccount.com",
        "client_id": "1", "token_uri": "https://oauth2.googleapis.com/token"}))
    return path


def test_a_service_account_key_wins_over_the_saved_sign_in(tmp_path):
    key = service_account_key(tmp_path / "key.json")
    loaded = load_credentials(str(key))
    assert loaded.service_account_email == "publisher@dealroom-test.iam.gserviceaccount.com"
    assert tuple(loaded.scopes) == SCOPES


def test_the_service_account_key_can_come_from_the_environment(tmp_path, monkeypatch):
    key = service_account_key(tmp_path / "key.json")
    monkeypatch.setenv("DEALROOM_GOOGLE_SERVICE_ACCOUNT", str(key))
    assert load_credentials().service_account_email.startswith("publisher@")


@pytest.mark.parametrize("content, words", [
    (None, "service account key {path} does not exist"),
    ("not json", "service account key {path} is not JSON"),
    ('{"type": "service_account"}', "service account key {path} is not the JSON key of a Google Cloud"),
])
def test_a_bad_service_account_key_is_a_usage_error_naming_the_file(tmp_path, content, words):
    key = tmp_path / "key.json"
    if content is not None:
        key.write_text(content)
    with pytest.raises(UsageError) as caught:
        load_credentials(str(key))
    assert words.format(path=key) in str(caught.value)
    assert caught.value.exit_status == 2


# --- signing in --------------------------------------------------------------------------

def client_secrets(tmp_path, section="installed"):
    path = tmp_path / "client_secret.json"
    path.write_text(json.dumps({section: {
        "client_id": "client.apps.googleusercontent.com", "client_secret": CLIENT_SECRET,
        "auth_uri": "https://accounts.google.com/o/oauth2/auth",
        "token_uri": "https://oauth2.googleapis.com/token", "redirect_uris": ["http://localhost"]}}))
    return path


@pytest.fixture
def browser(monkeypatch):
    """The browser sign-in replaced: records how it was started, returns fake credentials."""
    from google.oauth2.credentials import Credentials
    from google_auth_oauthlib.flow import InstalledAppFlow

    started = []

    def run_local_server(flow, **options):
        started.append({"scopes": tuple(flow.oauth2session.scope), **options})
        return Credentials(token="ya29.FRESH", refresh_token=REFRESH_TOKEN,
                           token_uri="https://oauth2.googleapis.com/token",
                           client_id="client.apps.googleusercontent.com", client_secret=CLIENT_SECRET,
                           scopes=list(SCOPES), granted_scopes=list(SCOPES), expiry=in_hours(1))

    monkeypatch.setattr(InstalledAppFlow, "run_local_server", run_local_server)
    return started


def test_sign_in_saves_the_token_readable_by_the_owner_only(tmp_path, browser, config):
    old_umask = os.umask(0)
    try:
        saved = sign_in(client_secrets(tmp_path), open_browser=False)
    finally:
        os.umask(old_umask)
    assert saved == config / "dealroom" / "google-token.json"
    assert mode(saved) == 0o600 and mode(saved.parent) == 0o700
    assert browser == [{"scopes": SCOPES, "port": 0, "open_browser": False}]
    token = json.loads(saved.read_text())
    assert token["refresh_token"] == REFRESH_TOKEN and token["scopes"] == [DRIVE_FILE]
    assert sorted(os.listdir(saved.parent)) == ["google-token.json"]
    assert load_credentials().token == "ya29.FRESH"


def test_sign_in_tightens_an_existing_config_folder(tmp_path, browser, config):
    (config / "dealroom").mkdir(parents=True, mode=0o755)
    sign_in(client_secrets(tmp_path))
    assert mode(config / "dealroom") == 0o700


def test_a_token_that_cannot_be_saved_is_an_output_error(tmp_path, browser, config):
    config.parent.mkdir(exist_ok=True)
    config.write_text("a file where the config folder should be")
    with pytest.raises(OutputError, match="cannot save the Google sign-in to"):
        sign_in(client_secrets(tmp_path))


def test_a_sign_in_refused_in_the_browser_is_a_remote_error(tmp_path, monkeypatch):
    from google_auth_oauthlib.flow import InstalledAppFlow
    from oauthlib.oauth2.rfc6749.errors import AccessDeniedError

    def refuse(flow, **options):
        raise AccessDeniedError("The user denied access.")

    monkeypatch.setattr(InstalledAppFlow, "run_local_server", refuse)
    with pytest.raises(RemoteError, match=r"Google sign-in did not complete .*run `dealroom sign-in` again"):
        sign_in(client_secrets(tmp_path))
    assert not token_path().exists()


def test_a_sign_in_without_drive_file_granted_is_refused(tmp_path, monkeypatch):
    from google.oauth2.credentials import Credentials
    from google_auth_oauthlib.flow import InstalledAppFlow

    monkeypatch.setattr(InstalledAppFlow, "run_local_server", lambda flow, **options: Credentials(
        token="t", refresh_token="r", scopes=list(SCOPES), granted_scopes=["openid"]))
    with pytest.raises(RemoteError, match="did not allow dealroom to create and edit its own files"):
        sign_in(client_secrets(tmp_path))
    assert not token_path().exists()


@pytest.mark.parametrize("content, words", [
    (None, "OAuth client secrets file {path} does not exist"),
    ("<html>", "OAuth client secrets file {path} is not JSON"),
    ('{"type": "service_account", "client_email": "x@y"}', "{path} is a service account key, not an "
                                                            "OAuth client: give it with --service-account"),
    ('{"installed": {"client_id": "x"}}', "{path} is not an OAuth client secrets file: it needs an "
                                          "\"installed\" (Desktop app) section"),
    ('[1, 2]', "{path} is not an OAuth client secrets file"),
])
def test_a_bad_client_secrets_file_is_a_usage_error_before_any_browser(tmp_path, browser, content, words):
    path = tmp_path / "client_secret.json"
    if content is not None:
        path.write_text(content)
    with pytest.raises(UsageError) as caught:
        sign_in(path)
    assert words.format(path=path) in str(caught.value)
    assert browser == []


def test_an_unreadable_client_secrets_file_says_so(tmp_path, browser):
    with pytest.raises(UsageError, match=f"cannot read the OAuth client secrets file {tmp_path}: "
                                         "Is a directory"):
        sign_in(tmp_path)


def test_the_client_secrets_come_from_the_flag_then_the_environment(monkeypatch, tmp_path):
    assert client_secrets_path("given.json").name == "given.json"
    monkeypatch.setenv("DEALROOM_GOOGLE_CLIENT_SECRETS", str(tmp_path / "env.json"))
    assert client_secrets_path(None) == tmp_path / "env.json"
    assert client_secrets_path("given.json").name == "given.json"


def test_no_client_secrets_anywhere_is_a_usage_error():
    with pytest.raises(UsageError) as caught:
        client_secrets_path(None)
    assert "--client-secrets FILE" in str(caught.value)
    assert "DEALROOM_GOOGLE_CLIENT_SECRETS" in str(caught.value)


def test_the_sign_in_command_says_where_the_token_went_and_its_scope(tmp_path, browser, capsys, config):
    from generator.commands.sign_in import run_sign_in

    assert run_sign_in(str(client_secrets(tmp_path)), open_browser=False) == 0
    printed = capsys.readouterr().out
    assert str(config / "dealroom" / "google-token.json") in printed
    assert f"scope: {DRIVE_FILE}" in printed
    assert browser[0]["open_browser"] is False


def test_loading_the_credentials_module_imports_no_google_library():
    import subprocess
    import sys

    code = ("import sys, generator.google.credentials, generator.google.client, generator.google.dry_run;"
            "print(sorted(m for m in sys.modules"
            " if m.startswith(('google.', 'googleapiclient', 'httplib2'))))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    assert done.stdout.strip() == "[]"
    assert google_credentials.WHAT_TO_DO.startswith("run `dealroom sign-in")
