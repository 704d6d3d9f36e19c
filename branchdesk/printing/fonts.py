"""Find and register the fonts reportlab prints with: one CJK font, then fallbacks.

A TrueType font is preferred because reportlab embeds a subset of it, so the PDF looks the same
in every viewer. reportlab's CID fonts (STSong-Light, MSung-Light) are not embedded — the viewer
substitutes a font — so they are only the fallback when no usable TrueType font is found.

A character the CJK font lacks (CJK extension A/B …, Arabic, an emoji) is printed with the first
fallback font whose cmap has it (``fallback_font_for``); fallbacks are read and registered only
when a printout needs them, since the extension-B fonts are large.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import threading
import unicodedata
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics, ttfonts
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
# Tried in order for characters the CJK font lacks: HanaMin A/B (fonts-hanazono) for CJK
# extensions A–F, DejaVu Sans for Latin, Cyrillic, Greek, Arabic and many symbols and emoji.
FALLBACK_FONT_FILES: tuple[str, ...] = (
    "/usr/share/fonts/truetype/hanazono/HanaMinA.ttf",
    "/usr/share/fonts/truetype/hanazono/HanaMinB.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "C:/Windows/Fonts/simsunb.ttf",  # SimSun-ExtB
    "C:/Windows/Fonts/arial.ttf",
    "/System/Library/Fonts/Supplemental/Arial Unicode.ttf",
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
_cmaps: dict[str, frozenset[int]] = {}  # fallback font file → the code points its cmap maps
_fallbacks: dict[str, str | None] = {}  # fallback font file → registered name, None if unusable


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


def font_covers(font_name: str, char: str) -> bool:
    """Whether ``font_name`` (a registered font) has a glyph for ``char``."""
    font = pdfmetrics.getFont(font_name)
    face = getattr(font, "face", None)
    if isinstance(font, TTFont) and face is not None:
        return ord(char) in face.charToGlyph  # the cmap of the very font that is embedded
    # A CID font is not embedded; its CMap covers the national character set it was made for.
    codec = "big5" if font_name == "MSung-Light" else "gbk"
    try:
        char.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


def fallback_font_for(char: str) -> str | None:
    """The registered name of the first fallback font whose cmap has ``char``; None if none."""
    code = ord(char)
    with _lock:
        for path in FALLBACK_FONT_FILES:
            if code in _fallback_cmap(path):
                name = _register_fallback(path)
                if name:
                    return name
    return None


def _fallback_cmap(path: str) -> frozenset[int]:
    # fontTools reads the cmap table alone, so a 30 MB font is not parsed whole (and registered)
    # only to learn that it lacks the character.
    if path not in _cmaps:
        codes: frozenset[int] = frozenset()
        if Path(path).is_file():
            from fontTools.ttLib import TTFont as FontFile

            try:
                codes = frozenset(FontFile(path, fontNumber=0, lazy=True).getBestCmap() or {})
            except Exception as exc:  # a corrupt or unsupported file: try the next fallback
                log.info("cannot read the cmap of font %s: %s", path, exc)
        _cmaps[path] = codes
    return _cmaps[path]


def _register_fallback(path: str) -> str | None:
    if path not in _fallbacks:
        name = "BranchDesk-" + Path(path).stem
        if name in pdfmetrics.getRegisteredFontNames():  # the configured font is this file
            _fallbacks[path] = name
            return name
        try:
            pdfmetrics.registerFont(TTFont(name, path, subfontIndex=0))
        except Exception as exc:  # CFF outlines, a corrupt file … try the next one
            log.info("reportlab cannot use fallback font %s: %s", path, exc)
            name = None
        else:
            _map_family(name)
        _fallbacks[path] = name
    return _fallbacks[path]


# -- ToUnicode -------------------------------------------------------------------------------
#
# reportlab 5.1.0 (``ttfonts.makeToUnicodeCMap``) writes each code's Unicode value as "%04X":
# a character beyond U+FFFF (𬌗, U+2C317) becomes the odd-length "<2C317>" instead of the
# UTF-16 surrogate pair "<D870DF17>", so viewers cannot copy or search it. Our version writes
# UTF-16BE. It also maps Arabic presentation forms (the joined letter shapes printed for an
# Arabic name) back to the letters they show, as the PDF reference intends ToUnicode to be
# used, so a copied name is the name that was typed. Replaced in reportlab's module because
# ``TTFont.addObjects`` looks the function up there when it embeds each subset.


def _unicode_hex(code: int) -> str:
    text = chr(code)
    if _is_presentation_form(code):
        text = unicodedata.normalize("NFKC", text) or text
    return text.encode("utf-16-be", "surrogatepass").hex().upper()


def _is_presentation_form(code: int) -> bool:
    return 0xFB50 <= code <= 0xFDFF or 0xFE70 <= code <= 0xFEFF


def to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """The ToUnicode CMap of one embedded subset (code i shows the character subset[i])."""
    lines = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo",
        f"<< /Registry ({fontname})",
        f"/Ordering ({fontname})",
        "/Supplement 0",
        ">> def",
        f"/CMapName /{fontname} def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        f"<00> <{len(subset) - 1:02X}>",
        "endcodespacerange",
    ]
    # A bfchar block holds at most 100 entries (PDF reference, 5.9.2).
    for start in range(0, len(subset), 100):
        block = subset[start : start + 100]
        lines.append(f"{len(block)} beginbfchar")
        lines += [f"<{start + i:02X}> <{_unicode_hex(code)}>" for i, code in enumerate(block)]
        lines.append("endbfchar")
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines)


ttfonts.makeToUnicodeCMap = to_unicode_cmap
