"""Find and register a CJK font for reportlab.

A TrueType font is preferred because reportlab embeds a subset of it, so the PDF looks the same
in every viewer. reportlab's CID fonts (STSong-Light, MSung-Light) are not embedded — the viewer
substitutes a font — so they are only the fallback when no usable TrueType font is found.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import threading
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont

log = logging.getLogger(__name__)

# Checked in order; fonts that are missing or that reportlab rejects are skipped.
KNOWN_FONT_FILES: tuple[str, ...] = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/wqy-microhei/wqy-microhei.ttc",
    "/usr/share/fonts/wenquanyi/wqy-microhei/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "/usr/share/fonts/truetype/arphic/ukai.ttc",
    "C:/Windows/Fonts/msyh.ttc",
    "C:/Windows/Fonts/simsun.ttc",
    "C:/Windows/Fonts/simhei.ttf",
    "C:/Windows/Fonts/msjh.ttc",
    "/System/Library/Fonts/STHeiti Light.ttc",
    "/System/Library/Fonts/Supplemental/Songti.ttc",
    "/Library/Fonts/Arial Unicode.ttf",
)
TRUETYPE_SUFFIXES = (".ttf", ".ttc")
# CID fallback per language: MSung has traditional glyph shapes, STSong simplified.
CID_FONTS = {"zh_TW": "MSung-Light"}
DEFAULT_CID_FONT = "STSong-Light"
# reportlab pairs MSung-Light (Adobe-CNS1) with the GB CMap, so viewers show wrong or no glyphs.
CID_UNICODE_CMAPS = {"STSong-Light": "UniGB-UCS2-H", "MSung-Light": "UniCNS-UCS2-H"}

_lock = threading.Lock()  # PDFs are built on worker threads
_by_path: dict[str, str | None] = {}  # font file → registered name, None if rejected
_resolved: dict[tuple[str | None, str], str] = {}  # (configured path, cid font) → name


def register_cjk_font(font_path: str | None = None, lang: str = "zh_CN") -> str:
    """Register a font able to print Chinese and return its reportlab font name.

    ``font_path`` (a .ttf/.ttc file, e.g. from the desk's config) wins when it works; otherwise
    known system fonts are tried, then reportlab's built-in CID font for ``lang``. Never raises.
    """
    cid_font = CID_FONTS.get(lang, DEFAULT_CID_FONT)
    key = (font_path or None, cid_font)
    with _lock:
        name = _resolved.get(key)
        if name is None:
            name = _resolve(font_path or None, cid_font)
            _resolved[key] = name
        return name


def _resolve(font_path: str | None, cid_font: str) -> str:
    if font_path:
        name = _register_truetype(font_path)
        if name:
            return name
        log.warning("configured font %s is not usable; looking for a system font", font_path)
    for candidate in _system_font_files():
        name = _register_truetype(candidate)
        if name:
            return name
    log.warning("no TrueType CJK font found; PDFs use the non-embedded CID font %s", cid_font)
    if cid_font not in pdfmetrics.getRegisteredFontNames():
        font = UnicodeCIDFont(cid_font)
        font.encodingName = CID_UNICODE_CMAPS.get(cid_font, font.encodingName)
        pdfmetrics.registerFont(font)
        _map_family(cid_font)
    return cid_font


def _register_truetype(path: str) -> str | None:
    if path in _by_path:
        return _by_path[path]
    name = None
    if Path(path).is_file():
        name = "BranchDesk-" + Path(path).stem
        try:
            # subfontIndex 0 of a collection is the proportional face (e.g. "Micro Hei").
            font = TTFont(name, path, subfontIndex=0)
        except Exception as exc:  # CFF-outline OTF/TTC, corrupt files … try the next one
            log.info("reportlab cannot use font %s: %s", path, exc)
            name = None
        else:
            if ord("中") in font.face.charToGlyph:
                pdfmetrics.registerFont(font)
                _map_family(name)
            else:  # a Latin-only font would print every Chinese character as a box
                log.info("font %s has no Chinese glyphs", path)
                name = None
    _by_path[path] = name
    return name


def _map_family(name: str) -> None:
    # One face only: map bold/italic to it so <b>/<i> in paragraphs never look up a missing font.
    for bold in (0, 1):
        for italic in (0, 1):
            addMapping(name, bold, italic, name)


def _system_font_files() -> Iterator[str]:
    yield from KNOWN_FONT_FILES
    # fontconfig is asked only when no known font works: it costs a subprocess.
    yield from _fontconfig_chinese_fonts()


@cache
def _fontconfig_chinese_fonts() -> tuple[str, ...]:
    fc_list = shutil.which("fc-list")
    if not fc_list:
        return ()
    try:
        result = subprocess.run(
            [fc_list, ":lang=zh", "file"], capture_output=True, text=True, timeout=10, check=False
        )
    except (OSError, subprocess.SubprocessError) as exc:
        log.info("fc-list failed: %s", exc)
        return ()
    paths = (line.strip().rstrip(":").strip() for line in result.stdout.splitlines())
    # .otf files are nearly always CFF outlines, which reportlab cannot embed.
    return tuple(sorted({path for path in paths if path.lower().endswith(TRUETYPE_SUFFIXES)}))
