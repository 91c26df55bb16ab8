"""What every answer gives a script or a notebook: to_dict() (its command's JSON document, the same content
`--format json` prints), to_frame() (a pandas DataFrame) and _repr_html_() (the frame as an HTML table,
which Jupyter shows when the answer is the cell's value). The renderers live in solver.output and load
only when asked for: pandas stays out of a plain solve."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    import pandas


class Rendered:
    """Mixed into Result, Frontier, Sweep, Comparison and CheckReport; `command` names the renderers."""

    command: ClassVar[str]  # the dlbuild command whose answer this is: "solve", "frontier", ...

    def to_dict(self) -> dict[str, Any]:
        """The command's JSON document as Python values (solver/schemas describes it)."""
        from .output import json_out

        return json_out.DOCUMENTS[self.command](self)

    def to_frame(self) -> pandas.DataFrame:
        """The answer as a table: one row per part, rule, frontier build, budget or scenario."""
        from .output import frames

        return frames.FRAMES[self.command](self)

    def _repr_html_(self) -> str:
        from .output import frames

        return frames.html(self)
