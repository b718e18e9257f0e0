"""The output folder of a generated share.

A generator may write into a folder that holds an earlier share of its own
(known by the generator name in its labels.json): those files are removed
first, so a rerun does not mix two shares. A folder holding anything else is
refused rather than emptied: OUT is given on the command line, and a typo
must not delete someone's files.
"""
from __future__ import annotations

import json
import os
import sys
from typing import Callable, Iterable


def prepare_out_dir(out: str, generator: str, script: str,
                    paths_of: Callable[[dict], Iterable[str]]) -> None:
    """Empty OUT of a previous share by `generator`; `paths_of(labels)` lists its files."""
    if os.path.isdir(out) and os.listdir(out):
        labels = os.path.join(out, "labels.json")
        try:
            with open(labels, encoding="utf-8") as f:
                prev = json.load(f)
            assert prev.get("generator") == generator
        except (OSError, ValueError, AssertionError):
            sys.exit(f"{script}: {out} is not empty and holds no share made by this script")
        for p in sorted(set(paths_of(prev))):
            full = os.path.join(out, *p.split("/"))
            if os.path.isfile(full):
                os.remove(full)
        os.remove(labels)
        for root, _dirs, _files in os.walk(out, topdown=False):
            if root != out and not os.listdir(root):
                os.rmdir(root)
        if os.listdir(out):
            sys.exit(f"{script}: {out} holds files that are not part of the share")
    os.makedirs(out, exist_ok=True)
