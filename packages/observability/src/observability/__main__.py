"""Writes the rule files, the dashboard and their Kubernetes forms: `make observability`."""

from __future__ import annotations

from observability import generated


def main() -> None:
    for path, text in generated.files().items():
        path.write_text(text)
        print(f"wrote {path.relative_to(generated.REPOSITORY)}")


main()
