"""Name matching between PCPartPicker and BuildCores: exact names win, sibling models never match."""

from solver.importer.match import Matcher, fold, slugify


def _row(uid: str, name: str, parts=(), **extra) -> dict:
    return {
        "opendb_id": uid,
        "metadata": {"name": name, "manufacturer": name.split()[0], "part_numbers": list(parts)},
        **extra,
    }


def test_fold_and_slug_are_stable():
    assert fold("Asus ROG-STRIX  Gaming (OC)") == "asus rog strix gaming oc"
    assert slugify("be quiet! Dark Power Pro 13 1600 W") == "be-quiet-dark-power-pro-13-1600-w"
    assert slugify('Café Ñoño 3.5"') == "cafe-nono-3-5"


def test_exact_name_beats_a_name_with_extra_words():
    m = Matcher(
        [
            _row("b", "Asus ROG STRIX BTF GAMING OC GeForce RTX 4090"),
            _row("a", "Asus ROG STRIX GAMING OC GeForce RTX 4090"),
        ]
    )
    found = m.find("Asus ROG STRIX GAMING OC", ignore=lambda w: w in {"geforce", "rtx", "4090"})
    assert found.row["opendb_id"] == "a" and found.how == "name"


def test_every_word_of_the_priced_name_must_appear():
    m = Matcher([_row("a", "MSI GAMING TRIO GeForce RTX 4090")])
    assert m.find("MSI GAMING X TRIO").row is None


def test_sibling_models_are_not_matches():
    m = Matcher([_row("a", "ADATA XPG Battlecruiser II ATX Mid Tower")])
    assert m.find("ADATA XPG Battlecruiser").row is None
    assert m.find("ADATA XPG Battlecruiser II").row["opendb_id"] == "a"


def test_part_number_names_match_only_within_the_brand():
    rows = [
        _row("pny", "PNY NVIDIA RTX 6000 Ada Generation 48GB", ["VCNRTX6000ADA-PB"]),
        _row("other", "ASRock Something", ["VCNRTX6000ADA-PB"]),
    ]
    m = Matcher(rows)
    found = m.find("PNY VCNRTX6000ADA-PB")
    assert found.row["opendb_id"] == "pny" and found.how == "part-number"


def test_accept_and_tie_break_pick_among_candidates():
    rows = [
        _row("short", "Zotac GAMING Trinity GeForce RTX 4090", length=300),
        _row("long", "Zotac GAMING Trinity GeForce RTX 4090", length=356),
    ]
    m = Matcher(rows)
    found = m.find("Zotac GAMING Trinity", tie_break=lambda r: abs(r["length"] - 356))
    assert found.row["opendb_id"] == "long"
    assert m.find("Zotac GAMING Trinity", accept=lambda r: r["length"] < 310).row["opendb_id"] == "short"


def test_parenthesised_remarks_are_ignored():
    m = Matcher([_row("a", "AMD Ryzen 5 1600")])
    assert m.find("AMD Ryzen 5 1600 (12nm)").row["opendb_id"] == "a"
