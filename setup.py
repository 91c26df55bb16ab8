"""Build hook: the wheel carries the top-level catalogs/ and scenarios/ as package data in solver/data/.

The directories stay where they are in the source tree (the catalog builder writes catalogs/, the tests
and docs name scenarios/); building the wheel copies them into the package, where solver.shipped finds
them through importlib.resources. An editable install reads them from the source tree instead."""

import os

from setuptools import setup
from setuptools.command.build_py import build_py

#: Top-level directories shipped inside the package, and where they go.
DATA = {
    "catalogs": os.path.join("solver", "data", "catalogs"),
    "scenarios": os.path.join("solver", "data", "scenarios"),
}


class BuildWithData(build_py):
    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads the source tree
        for source, target in DATA.items():
            self.copy_tree(source, os.path.join(self.build_lib, target))


setup(cmdclass={"build_py": BuildWithData})
