"""Secrets given as files (compose's `secrets:`): NAME_FILE stands for NAME."""

from __future__ import annotations

from pathlib import Path

import pytest
from todo_api.core.config import ConfigurationError, load_settings, secret_settings

SECRET = "s" * 40


def test_every_secret_setting_may_come_from_a_file() -> None:
    assert set(secret_settings()) == {"DATABASE_URL", "BACKEND_JWT_SECRET", "REDIS_URL"}


def test_secret_settings_are_read_from_their_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in {"DATABASE_URL": "postgresql://todo:pw@db:5432/todo", "BACKEND_JWT_SECRET": SECRET}.items():
        (tmp_path / name).write_text(value + "\n")
        monkeypatch.delenv(name, raising=False)
        monkeypatch.setenv(f"{name}_FILE", str(tmp_path / name))
    settings = load_settings()
    assert settings.database_url.get_secret_value() == "postgresql://todo:pw@db:5432/todo"
    assert settings.hs256_secrets == [SECRET.encode()]


def test_a_setting_given_both_ways_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "secret").write_text(SECRET)
    monkeypatch.setenv("BACKEND_JWT_SECRET", SECRET)
    monkeypatch.setenv("BACKEND_JWT_SECRET_FILE", str(tmp_path / "secret"))
    with pytest.raises(ConfigurationError, match="BACKEND_JWT_SECRET and BACKEND_JWT_SECRET_FILE are both set"):
        load_settings()
