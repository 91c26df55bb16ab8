"""What every answer gives a script or a notebook: to_dict() (its command's JSON document, the same content
`--format json` prints), to_frame() (a pandas DataFrame) and _repr_html_() (the frame as an HTML table,
which Jupyter shows when the answer is the cell's value). The renderers live in solver.output and load
only when asked for: pandas stays out of a plain solve."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    import pandas

#: How an answer is rendered, by kind ("dict", "frame", "html"): a function of the answer. The renderers in
#: solver.output sit above the answers (they read results), so the answers never import them: solver.api, which
#: every public function loads, fills this table, and the import graph keeps one direction.
RENDERERS: dict[str, Callable[[Any], Any]] = {}


def _render(kind: str, answer: Any) -> Any:
    if kind not in RENDERERS:
        raise RuntimeError(f"{kind} rendering is set up by solver.api: import solver.api (or call solver.solve) first")
    return RENDERERS[kind](answer)


class Rendered:
    """Mixed into Result, Frontier, Sweep, Comparison and CheckReport; `command` names the renderers."""

    command: ClassVar[str]  # the dlbuild command whose answer this is: "solve", "frontier", ...

    def to_dict(self) -> dict[str, Any]:
        """The command's JSON document as Python values (solver/schemas describes it)."""
        return _render("dict", self)

    def to_frame(self) -> pandas.DataFrame:
        """The answer as a table: one row per part, rule, frontier build, budget or scenario."""
        return _render("frame", self)

    def _repr_html_(self) -> str:
        return _render("html", self)
