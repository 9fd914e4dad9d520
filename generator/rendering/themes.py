"""Themes are data: a stylesheet and a small settings file.

``themes/<name>/theme.toml`` gives accent colours, fonts, logo placement and
the timeline palette; ``themes/<name>/style.css`` the look. A theme may also
carry ``templates/`` that override the built-in ones; a user's own templates
folder comes before both (as mkdocs does).
"""

from __future__ import annotations

from pathlib import Path

from generator.errors import UsageError
from generator.record import Record
from generator.resources import shipped

DEFAULT_THEME = "default"


class Theme(Record):
    """A loaded theme."""

    name: str
    """Folder name, e.g. ``default``."""
    folder: Path
    """Where the theme lives."""
    settings: dict
    """The parsed theme.toml."""
    stylesheet: str
    """The CSS of style.css."""

    @property
    def templates(self) -> Path:
        """The theme's own template overrides (may not exist)."""
        return self.folder / "templates"

    def palette(self, accent: str | None = None) -> dict[str, str]:
        """Colours for the timeline and the page, with the plan's accent applied."""
        colours = dict(self.settings.get("colours", {}))
        if accent:
            colours["accent"] = accent
        return colours


def available_themes() -> list[str]:
    """Names of the shipped themes."""
    return sorted(p.name for p in shipped("themes").iterdir() if (p / "theme.toml").is_file())


def load_theme(name: str | None, themes_folder: Path | None = None) -> Theme:
    """The theme called ``name``, from the user's folder first, then the shipped ones."""
    name = name or DEFAULT_THEME
    for base in filter(None, (themes_folder, shipped("themes"))):
        folder = base / name
        if (folder / "theme.toml").is_file():
            return _read(name, folder)
    raise UsageError(f"unknown theme: {name} (choose from {', '.join(available_themes())})")


def _read(name: str, folder: Path) -> Theme:
    import tomllib  # here, so that the loader can ask for available_themes() cheaply

    try:
        settings = tomllib.loads((folder / "theme.toml").read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise UsageError(f"{folder / 'theme.toml'}: {error}") from None
    stylesheet = (folder / "style.css").read_text(encoding="utf-8") \
        if (folder / "style.css").is_file() else ""
    return Theme(name=name, folder=folder, settings=settings, stylesheet=stylesheet)
