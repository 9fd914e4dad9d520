"""``dealroom sign-in``: sign in to Google in the browser and save the token for later commands."""

from __future__ import annotations


def run_sign_in(client_secrets: str | None, *, open_browser: bool = True) -> int:
    """Sign in with the OAuth client in ``client_secrets`` (else the environment); print where it went."""
    from generator.google.credentials import SCOPES, client_secrets_path, sign_in

    saved = sign_in(client_secrets_path(client_secrets), open_browser=open_browser)
    print(f"signed in to Google; the token is saved in {saved} (readable by you only)")
    print(f"scope: {SCOPES[0]} (only the documents dealroom creates or is given)")
    return 0
