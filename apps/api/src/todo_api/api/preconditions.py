"""Entity tags for todos and the If-Match precondition (RFC 9110 §8.8.3, §13.1.1): a client that
sends back the ETag it loaded cannot overwrite or delete a change made elsewhere since."""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import Depends, Header
from pydantic import WithJsonSchema

from todo_api.core.errors import Problem
from todo_api.models import TodoPublic

# RFC 9110 §8.8.3: entity-tag = [ "W/" ] DQUOTE *etagc DQUOTE, etagc = %x21 / %x23-7E / obs-text.
_ENTITY_TAG = re.compile(r'(W/)?"([\x21\x23-\x7e\x80-\xff]*)"')
_OUR_TAG = re.compile(r"[0-9]{1,9}")
# The header's whole grammar for the schema: `*`, or a list of entity tags (empty elements allowed).
_TAG = r'(W/)?"[\x21\x23-\x7e\x80-\xff]*"'
IF_MATCH_PATTERN = rf"^[ \t]*(\*|{_TAG}([ \t]*,[ \t]*({_TAG})?)*|(,[ \t]*)+{_TAG}([ \t]*,[ \t]*({_TAG})?)*)[ \t]*$"


def etag(version: int) -> str:
    return f'"{version}"'


def _if_match_versions(
    if_match: Annotated[
        str | None,
        Header(
            alias="If-Match",
            description="ETags of the todo as the client last saw it; a stale one gets 412 and the current todo",
        ),
        # The schema only (text that is not entity tags is a 400 from the parser below, not a 422); a
        # header is never null, which FastAPI would say of an optional one.
        WithJsonSchema({"type": "string", "pattern": IF_MATCH_PATTERN}),
    ] = None,
) -> frozenset[int] | None:
    """The versions the client accepts; None when it sets no precondition (no header, or `*`)."""
    if if_match is None or if_match.strip() == "*":
        return None
    # RFC 9110 §5.6.1.2: empty list elements are accepted and ignored.
    tags = [part.strip() for part in if_match.split(",") if part.strip()]
    versions = set()
    for tag in tags or [""]:
        if (parsed := _ENTITY_TAG.fullmatch(tag)) is None:
            raise Problem(400, 'If-Match must be "*" or entity tags such as "3".', title="Invalid If-Match")
        weak, opaque = parsed.groups()
        # If-Match compares strongly: a weak tag, or one this API never sent, matches no version (412).
        if weak is None and _OUR_TAG.fullmatch(opaque):
            versions.add(int(opaque))
    return frozenset(versions)


IfMatch = Annotated[frozenset[int] | None, Depends(_if_match_versions)]


def changed_elsewhere(current: dict[str, Any]) -> Problem:
    return Problem(
        412,
        "This todo was changed elsewhere since you loaded it; 'current' holds it as it is now.",
        title="Todo changed elsewhere",
        headers={"ETag": etag(current["version"])},
        current=TodoPublic.model_validate(current).model_dump(mode="json"),
    )
