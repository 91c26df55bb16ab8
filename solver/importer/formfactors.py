"""One spelling per form factor across motherboards, cases and PSUs (PCPartPicker's spelling)."""

from __future__ import annotations

#: BuildCores and PCPartPicker spellings -> the catalog's. Cases list boards and PSUs in the same words.
_BOARD = {
    "atx": "ATX",
    "eatx": "EATX",
    "e atx": "EATX",
    "micro atx": "Micro ATX",
    "microatx": "Micro ATX",
    "matx": "Micro ATX",
    "mini itx": "Mini ITX",
    "mini-itx": "Mini ITX",
    "thin mini itx": "Thin Mini ITX",
    "thin mini-itx": "Thin Mini ITX",
    "mini dtx": "Mini DTX",
    "dtx": "DTX",
    "flex atx": "Flex ATX",
    "xl atx": "XL ATX",
    "ssi ceb": "SSI CEB",
    "ssi eeb": "SSI EEB",
    "hptx": "HPTX",
}
_PSU = {
    "atx": "ATX",
    "atx/eps": "ATX",  # an EPS12V unit is an ATX-size unit with extra CPU cables
    "sfx": "SFX",
    "sfx-l": "SFX-L",
    "tfx": "TFX",
    "flex atx": "Flex ATX",
    "mini itx": "Mini ITX",
    "mini-itx": "Mini ITX",
}


def board_form_factor(text: str) -> str | None:
    return _BOARD.get((text or "").strip().lower())


def psu_form_factor(text: str) -> str | None:
    return _PSU.get((text or "").strip().lower())
