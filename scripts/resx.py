#!/usr/bin/env python3
"""Adds or updates Bahasa Indonesia translations in a .resx file, kept sorted by key.

Usage: scripts/resx.py PATH.id.resx < pairs.tsv
Each input line is: English key <TAB> Indonesian text.   (Use \\n inside a value for a line break.)
The file is created when missing.
"""
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

HEADER = """<?xml version="1.0" encoding="utf-8"?>
<root>
  <resheader name="resmimetype"><value>text/microsoft-resx</value></resheader>
  <resheader name="version"><value>2.0</value></resheader>
  <resheader name="reader"><value>System.Resources.ResXResourceReader, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>
  <resheader name="writer"><value>System.Resources.ResXResourceWriter, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>
"""


def esc(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def main() -> None:
    path = Path(sys.argv[1])
    entries: dict[str, str] = {}
    if path.exists():
        for data in ET.parse(path).getroot().findall("data"):
            entries[data.get("name")] = data.findtext("value") or ""
    for line in sys.stdin:
        line = line.rstrip("\n")
        if not line.strip():
            continue
        key, _, value = line.partition("\t")
        if not value:
            sys.exit(f"missing translation for: {key!r}")
        entries[key.replace("\\n", "\n")] = value.replace("\\n", "\n")
    path.parent.mkdir(parents=True, exist_ok=True)
    out = [HEADER]
    for key in sorted(entries, key=str.lower):
        out.append(f'  <data name="{esc(key)}" xml:space="preserve"><value>{esc(entries[key])}</value></data>\n')
    out.append("</root>\n")
    path.write_text("".join(out), encoding="utf-8")
    print(f"{path}: {len(entries)} entries")


if __name__ == "__main__":
    main()
