"""The production storage of static files (portal.storage.StaticFilesStorage): a file's hashed address
is the manifest's, worked out once per process."""

import json

from portal.storage import StaticFilesStorage


def _storage(tmp_path) -> StaticFilesStorage:
    manifest = {"paths": {"css/portal.css": "css/portal.3f2a9c1b7e4d.css"}, "version": "1.1", "hash": "x"}
    (tmp_path / "staticfiles.json").write_text(json.dumps(manifest))
    return StaticFilesStorage(location=str(tmp_path), base_url="/static/")


def test_an_address_is_the_manifests_and_is_worked_out_once(tmp_path, settings, monkeypatch):
    settings.DEBUG = False
    storage = _storage(tmp_path)
    looked_up = []
    original = storage.stored_name
    monkeypatch.setattr(storage, "stored_name", lambda name: looked_up.append(name) or original(name))
    assert storage.url("css/portal.css") == "/static/css/portal.3f2a9c1b7e4d.css"
    assert storage.url("css/portal.css") == "/static/css/portal.3f2a9c1b7e4d.css"
    assert looked_up == ["css/portal.css"]


def test_in_debug_the_address_is_the_files_own(tmp_path, settings):
    settings.DEBUG = True
    assert _storage(tmp_path).url("css/portal.css") == "/static/css/portal.css"
