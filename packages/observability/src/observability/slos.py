"""The service level objectives: what counts as a good event, the targets, the burn-rate windows.

Rules and dashboard both read this module, so that a target lives in one place.
docs/operations.md explains each objective in words.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from todo_api.core.metrics import ACCEPTED_REASON
from todo_api.core.token_verifier import Reason

SLO_PERIOD_DAYS = 30
SLO_PERIOD = f"{SLO_PERIOD_DAYS}d"
# Every error ratio is recorded over these windows: the ones the burn-rate alerts below compare, and
# the whole period, whose ratio says how much of the error budget is left.
WINDOWS = ("5m", "30m", "1h", "2h", "6h", "1d", "3d", SLO_PERIOD)
ERROR_RATIO = "job:slo_errors_per_request:ratio_rate{window}"


@dataclass(frozen=True)
class BurnRateCondition:
    """Fires while both windows burn the error budget `factor` times faster than the period allows."""

    long_window: str
    short_window: str
    factor: float
    budget_share: str  # how much of a 30-day budget a burn this long spends, for the alert text


# The Google SRE workbook's multi-window, multi-burn-rate pairs for a 30-day objective.
PAGE = (BurnRateCondition("1h", "5m", 14.4, "2 % in 1 hour"), BurnRateCondition("6h", "30m", 6, "5 % in 6 hours"))
TICKET = (BurnRateCondition("1d", "2h", 3, "10 % in 1 day"), BurnRateCondition("3d", "6h", 1, "10 % in 3 days"))
SEVERITIES = {"page": PAGE, "ticket": TICKET}
# A page needs at least this many of the objective's events in its long window: one failed sign-up on
# a quiet night is a ratio of 100 % and must not wake anyone (a total outage pages through WebDown).
MIN_EVENTS_TO_PAGE = 10

# Rejections that a token the web app minted correctly can still suffer: a key, secret or
# configuration mismatch between the two sides, or keys the API could not load (SC-006). The API's
# own names, so that a rule cannot filter on a reason the verifier never gives.
VALID_TOKEN_FAILURE_REASONS = tuple(
    reason.value
    for reason in (
        Reason.KID_UNKNOWN,
        Reason.SIGNATURE_INVALID,
        Reason.ISSUER_INVALID,
        Reason.AUDIENCE_INVALID,
        Reason.ALG_NOT_ALLOWED,
        Reason.TYP_INVALID,
        Reason.KEYS_UNAVAILABLE,
    )
)
# The BFF routes that forward an authenticated call to the API, as the web app's route table says.
ROUTE_TABLE = Path(__file__).resolve().parents[4] / "apps" / "web" / "routes.json"
_ROUTES = json.loads(ROUTE_TABLE.read_text())["routes"]
AUTHENTICATED_BFF_ROUTES = tuple(route["path"] for route in _ROUTES if "api" in route)
# Those answered at once; an export or an import ("bulk" in the table) takes as long as its data.
INTERACTIVE_BFF_ROUTES = tuple(route["path"] for route in _ROUTES if "api" in route and not route.get("bulk"))


def one_of(values: Iterable[str]) -> str:
    """A double-quoted PromQL string holding a regex that matches exactly these values."""
    return json.dumps("|".join(re.escape(value) for value in values))


def summed(function: str, selectors: tuple[str, ...], window: str) -> str:
    """Per-job `function` (rate, increase) of the events counted by all selectors together.

    Series of different metrics never share a label set, so `or` adds them up instead of hiding
    one behind the other, and one side without series yet does not empty the sum.
    """
    return "sum by (job) ({})".format(" or ".join(f"{function}({selector}[{window}])" for selector in selectors))


@dataclass(frozen=True)
class Slo:
    name: str  # value of the `slo` label on every rule of this objective
    criterion: str  # the success criterion of docs/requirements.md it measures, if any
    title: str
    objective: float  # share of good events over SLO_PERIOD_DAYS
    alert: str
    good_events: str  # what counts as good, in words, for alert texts
    total: tuple[str, ...]  # selectors counting every event the objective judges
    bad: tuple[str, ...] = ()  # selectors counting failed events (availability)
    good: tuple[str, ...] = ()  # selectors counting good events (latency: a histogram bucket)

    @property
    def display_name(self) -> str:
        return f"{self.criterion} {self.title}" if self.criterion else self.title

    @property
    def error_budget(self) -> float:
        return round(1 - self.objective, 6)

    def events(self, window: str) -> str:
        """How many events this objective judged in the window, per job."""
        return summed("increase", self.total, window)

    def error_ratio(self, window: str) -> str:
        """Share of this objective's events that failed in the window, per job."""
        total = summed("rate", self.total, window)
        if self.bad:
            # No failure yet means no failure series at all: a ratio of 0, not an empty result.
            return f"(\n  {summed('rate', self.bad, window)}\n  or 0 * {total}\n)\n/ {total}"
        return f"1 - (\n  {summed('rate', self.good, window)}\n  / {total}\n)"


def _authenticated_bff(metric: str, *matchers: str, routes: tuple[str, ...] = AUTHENTICATED_BFF_ROUTES) -> str:
    return "{}{{{}}}".format(metric, ", ".join((f"route=~{one_of(routes)}", *matchers)))


_UPSTREAM_CALLS = "todo_web_upstream_request_duration_seconds_count"
_VERIFICATIONS = "todo_api_token_verifications_total"
_REFRESHES = "todo_web_token_mint_duration_seconds"

SLOS = (
    Slo(
        name="sign_up",
        criterion="SC-001",
        title="sign-up success",
        objective=0.95,
        alert="SignUpErrorBudgetBurn",
        good_events="sign-ups that succeed, among those that did not fail by the user's own mistake",
        total=('todo_web_auth_attempts_total{action="sign_up", outcome=~"success|error"}',),
        bad=('todo_web_auth_attempts_total{action="sign_up", outcome="error"}',),
    ),
    Slo(
        name="authenticated_calls",
        criterion="SC-002",
        title="authenticated calls",
        objective=0.99,
        alert="AuthenticatedCallsErrorBudgetBurn",
        good_events="authenticated calls that the BFF and the API answer without a 5xx",
        total=(_UPSTREAM_CALLS, _authenticated_bff("todo_web_http_requests_total")),
        bad=(
            f'{_UPSTREAM_CALLS}{{status_class=~"5xx|error"}}',
            _authenticated_bff("todo_web_http_requests_total", 'status=~"5.."'),
        ),
    ),
    Slo(
        name="token_acceptance",
        criterion="SC-006",
        title="valid tokens accepted",
        objective=0.99,
        alert="TokenAcceptanceErrorBudgetBurn",
        good_events="tokens the API accepts, among accepted ones and those refused for a key or configuration mismatch",
        total=(f"{_VERIFICATIONS}{{reason=~{one_of((ACCEPTED_REASON, *VALID_TOKEN_FAILURE_REASONS))}}}",),
        bad=(f'{_VERIFICATIONS}{{result="rejected", reason=~{one_of(VALID_TOKEN_FAILURE_REASONS)}}}',),
    ),
    Slo(
        name="bff_latency",
        criterion="",
        title="BFF latency",
        objective=0.99,
        alert="BffLatencyErrorBudgetBurn",
        good_events="authenticated BFF requests answered within 250 ms",
        total=(_authenticated_bff("todo_web_http_request_duration_seconds_count", routes=INTERACTIVE_BFF_ROUTES),),
        good=(
            _authenticated_bff(
                "todo_web_http_request_duration_seconds_bucket", 'le="0.25"', routes=INTERACTIVE_BFF_ROUTES
            ),
        ),
    ),
    Slo(
        name="token_refresh_latency",
        criterion="SC-009",
        title="token refresh latency",
        objective=0.99,
        alert="TokenRefreshLatencyErrorBudgetBurn",
        good_events="background token refreshes completed within 200 ms",
        total=(f'{_REFRESHES}_count{{trigger="background"}}',),
        good=(f'{_REFRESHES}_bucket{{trigger="background", le="0.2"}}',),
    ),
)
