"""Compiled templates kept in the user's cache folder (generator/rendering/template_cache.py):
a second render compiles nothing, and a cache folder that cannot be used
means no cache, never a failed render."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import stat
from pathlib import Path

import jinja2
import pytest
from jinja2.bccache import bc_magic

from generator.plan.loader import load_plan
from generator.rendering import template_cache
from generator.rendering.render import RenderOptions, render_files
from generator.rendering.templating import _environment
from generator.writers import WRITERS

ENTERPRISE = Path(__file__).resolve().parent.parent / "examples" / "enterprise.yaml"


@pytest.fixture
def cache_home(tmp_path, monkeypatch) -> Path:
    """A fresh XDG_CACHE_HOME; every render in the test builds its environment anew."""
    monkeypatch.delenv("DEALROOM_CACHE", raising=False)  # it would win over XDG_CACHE_HOME
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    _environment.cache_clear()
    yield tmp_path / "cache"
    _environment.cache_clear()


@pytest.fixture
def compiled(monkeypatch) -> list[str]:
    """The names of the templates Jinja compiles from source."""
    names: list[str] = []
    compile_source = jinja2.Environment.compile

    def counting(self, source, name=None, filename=None, *args, **kwargs):
        names.append(name)
        return compile_source(self, source, name, filename, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    return names


def render_html() -> str:
    """The enterprise deal room's page, from a new environment as in a new process."""
    _environment.cache_clear()
    files = render_files(load_plan(str(ENTERPRISE)), [WRITERS["html"]],
                         RenderOptions(today=dt.date(2026, 11, 21)))
    return files["index.html"]


def test_a_second_render_uses_the_compiled_templates(cache_home, compiled):
    first = render_html()
    assert "deal_room.html.j2" in compiled
    assert list((cache_home / "dealroom").glob("template-*.cache"))
    compiled.clear()
    assert render_html() == first
    assert compiled == []


def test_the_cache_folder_is_private_to_the_user(cache_home):
    render_html()
    info = os.lstat(cache_home / "dealroom")
    assert info.st_uid == os.getuid()
    assert stat.S_IMODE(info.st_mode) == stat.S_IRWXU & ~current_umask()


def test_without_xdg_cache_home_the_folder_is_in_the_home_cache(monkeypatch, tmp_path):
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.delenv("DEALROOM_CACHE", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert template_cache.cache_folder() == tmp_path / ".cache" / "dealroom"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")  # ignored, as XDG says
    assert template_cache.cache_folder() == tmp_path / ".cache" / "dealroom"


def test_a_cache_folder_that_cannot_be_made_means_no_cache(cache_home, compiled):
    cache_home.parent.mkdir(exist_ok=True)
    cache_home.write_text("a file where the cache folder should be")
    assert template_cache.bytecode_cache("test") is None
    first = render_html()
    compiled.clear()
    assert render_html() == first and "deal_room.html.j2" in compiled


@pytest.mark.parametrize("make", ["writable by others", "a link"])
def test_a_folder_that_is_not_the_users_alone_is_not_used(cache_home, tmp_path, compiled, make):
    folder = cache_home / "dealroom"
    if make == "a link":
        (tmp_path / "elsewhere").mkdir(mode=0o700)
        cache_home.mkdir()
        folder.symlink_to(tmp_path / "elsewhere")
    else:
        folder.mkdir(parents=True)
        folder.chmod(0o777)
    assert template_cache.bytecode_cache("test") is None
    render_html()
    assert list(folder.iterdir()) == []
    assert "deal_room.html.j2" in compiled


def test_a_cache_folder_that_cannot_be_written_does_not_fail_the_render(cache_home, compiled,
                                                                        monkeypatch):
    folder = cache_home / "dealroom"
    folder.mkdir(parents=True, mode=0o700)
    folder.chmod(0o500)  # read-only for its owner (root may write anyway, hence:)

    def refused(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(folder))

    monkeypatch.setattr("jinja2.bccache.tempfile.NamedTemporaryFile", refused)
    first = render_html()
    compiled.clear()
    assert render_html() == first
    assert "deal_room.html.j2" in compiled  # nothing was kept, so it was compiled again
    assert list(folder.iterdir()) == []
    folder.chmod(0o700)


def test_a_cache_folder_gone_before_writing_does_not_fail_the_render(cache_home):
    cache = template_cache.bytecode_cache("test")
    shutil.rmtree(cache_home / "dealroom")
    env = jinja2.Environment(loader=jinja2.DictLoader({"t": "Hello {{ name }}"}), bytecode_cache=cache)
    assert env.get_template("t").render(name="Renata") == "Hello Renata"


def test_a_damaged_cache_file_is_compiled_again(cache_home, compiled):
    first = render_html()
    for path in (cache_home / "dealroom").glob("template-*.cache"):
        path.write_bytes(bc_magic + b"not a pickled checksum")
    compiled.clear()
    assert render_html() == first
    assert "deal_room.html.j2" in compiled


def test_other_options_name_other_files(cache_home):
    one = template_cache.bytecode_cache("autoescape")
    other = template_cache.bytecode_cache("no autoescape")
    assert one.pattern != other.pattern and one.directory == other.directory


def current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
