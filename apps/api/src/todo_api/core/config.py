"""All configuration, read once from the environment. Nothing else reads os.environ."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from functools import cached_property
from pathlib import Path
from typing import Any, Literal, cast, get_args
from urllib.parse import urlsplit

from limits import RateLimitItem, parse_many
from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

MIN_SECRET_BYTES = 32
# What `limits`' asyncio Redis storages accept (with "async+" in front).
REDIS_SCHEMES = ("redis", "rediss", "redis+unix", "redis+sentinel", "redis+cluster")


def hs256_kid(secret: bytes) -> str:
    """The `kid` of an HS256 token: first 16 hex digits of SHA-256 of the secret (CONTRACT.md)."""
    return hashlib.sha256(secret).hexdigest()[:16]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=None, extra="ignore", frozen=True)

    database_url: SecretStr = Field(validation_alias="DATABASE_URL")
    auth_jwt_alg: Literal["HS256", "EdDSA"] = Field("HS256", validation_alias="AUTH_JWT_ALG")
    # Comma-separated: the current secret first, then any still accepted during a rotation.
    backend_jwt_secret: SecretStr | None = Field(None, validation_alias="BACKEND_JWT_SECRET")
    jwt_issuer: str = Field("http://localhost:3000", validation_alias="JWT_ISSUER", min_length=1)
    jwt_audience: str = Field("todo-api", validation_alias="JWT_AUDIENCE", min_length=1)
    jwt_jwks_url: str | None = Field(None, validation_alias="JWT_JWKS_URL")
    redis_url: SecretStr | None = Field(None, validation_alias="REDIS_URL")
    api_rate_limit: str = Field("120/minute", validation_alias="API_RATE_LIMIT")
    # Each invitation mails an address the inviter chose: an account sends this many at most.
    api_invitation_rate_limit: str = Field("30/hour", validation_alias="API_INVITATION_RATE_LIMIT")
    # Longest a request waits for Redis before it is counted in process memory instead.
    rate_limit_redis_timeout: float = Field(0.5, validation_alias="API_RATE_LIMIT_REDIS_TIMEOUT", gt=0, le=10)
    db_pool_size: int = Field(10, validation_alias="API_DB_POOL_SIZE", ge=1, le=100)

    @field_validator("backend_jwt_secret", "redis_url", "jwt_jwks_url", mode="before")
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("redis_url")
    @classmethod
    def _check_redis_scheme(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and urlsplit(value.get_secret_value()).scheme not in REDIS_SCHEMES:
            raise ValueError("must be a " + ", ".join(f"{scheme}://" for scheme in REDIS_SCHEMES) + " URL")
        return value

    @field_validator("jwt_jwks_url")
    @classmethod
    def _check_jwks_scheme(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("http://", "https://")):
            raise ValueError("must be an http:// or https:// URL")
        return value

    @field_validator("api_rate_limit", "api_invitation_rate_limit")
    @classmethod
    def _parse_rate_limit(cls, value: str) -> str:
        try:
            parse_many(value)
        except ValueError:
            raise ValueError("must use slowapi/limits syntax such as '120/minute' or '10/second;500/hour'") from None
        return value

    @model_validator(mode="after")
    def _check_keys_for_algorithm(self) -> Settings:
        if self.auth_jwt_alg == "HS256":
            if self.backend_jwt_secret is None:
                raise ValueError("BACKEND_JWT_SECRET is required when AUTH_JWT_ALG is HS256")
            for position, secret in enumerate(self.hs256_secrets, start=1):
                if len(secret) < MIN_SECRET_BYTES:
                    raise ValueError(
                        f"BACKEND_JWT_SECRET entry {position} is {len(secret)} bytes; "
                        f"each secret needs at least {MIN_SECRET_BYTES} bytes of random data"
                    )
        elif not self.jwt_jwks_url:
            raise ValueError("JWT_JWKS_URL is required when AUTH_JWT_ALG is EdDSA")
        return self

    @cached_property
    def hs256_secrets(self) -> list[bytes]:
        if self.backend_jwt_secret is None:
            return []
        raw = self.backend_jwt_secret.get_secret_value().split(",")
        return [part.strip().encode() for part in raw if part.strip()]

    @cached_property
    def rate_limits(self) -> list[RateLimitItem]:
        return parse_many(self.api_rate_limit)

    @cached_property
    def invitation_rate_limits(self) -> list[RateLimitItem]:
        return parse_many(self.api_invitation_rate_limit)

    @cached_property
    def psycopg_conninfo(self) -> str:
        """DATABASE_URL without a SQLAlchemy driver suffix, as psycopg wants it."""
        url = self.database_url.get_secret_value()
        for prefix in ("postgresql+psycopg://", "postgres://"):
            if url.startswith(prefix):
                return "postgresql://" + url[len(prefix) :]
        return url

    @cached_property
    def sqlalchemy_url(self) -> str:
        return "postgresql+psycopg://" + self.psycopg_conninfo.removeprefix("postgresql://")


class ConfigurationError(SystemExit):
    """Start-up refused: the message names the variable and never echoes its value."""


def secret_settings() -> list[str]:
    """The variables of the settings that hold secrets (typed SecretStr)."""
    return [
        str(field.validation_alias)
        for field in Settings.model_fields.values()
        if field.annotation is SecretStr or SecretStr in get_args(field.annotation)
    ]


def secret_files(environ: Mapping[str, str]) -> dict[str, str]:
    """Secrets as files (Docker's `secrets:`, under /run/secrets): `NAME_FILE=<path>` stands for the secret
    setting NAME with that file's content, one trailing newline dropped (the official images' convention)."""
    values: dict[str, str] = {}
    for name in secret_settings():
        path = environ.get(f"{name}_FILE")
        if not path:
            continue
        if environ.get(name):
            raise ConfigurationError(f"todo-api: invalid configuration:\n  - {name} and {name}_FILE are both set")
        values[name] = Path(path).read_text().removesuffix("\n")
    return values


def load_settings() -> Settings:
    from pydantic import ValidationError

    try:
        # Keyword arguments by the variables' names (the fields' aliases), which BaseSettings' typed
        # signature does not list.
        return Settings(**cast("dict[str, Any]", secret_files(os.environ)))
    except ValidationError as exc:
        problems = []
        for error in exc.errors(include_input=False, include_url=False):
            message = error["msg"].removeprefix("Value error, ")
            variable = str(error["loc"][0]) if error["loc"] else ""
            problems.append(f"  - {variable}: {message}" if variable else f"  - {message}")
        raise ConfigurationError("todo-api: invalid configuration:\n" + "\n".join(problems)) from None
