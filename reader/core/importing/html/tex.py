"""A formula's TeX as plain text a reader can read: ``\\sigma _{i}^{2}`` reads ``σᵢ²``.

pylatexenc reads the TeX (its parser, ``latexwalker``) and names the symbols (the
Unicode of its ``latex2text`` for each macro without arguments: Greek letters,
operators, arrows, relations); it is imported on the first formula, as most pages have
none. ``latex2text``'s own output is written for prose, not formulas (``σ_i^2``,
``a+b/2N`` for ``\\frac{a+b}{2N}``, ``√(x)``), so the layout is ours, in the spirit of
plain-text ("UnicodeMath") notation:

* Style wrappers go (``\\mathbf``, ``\\mathrm``, ``\\mathcal``, ``\\displaystyle``,
  ``\\left``/``\\right``, ``\\big``...), keeping what they wrap; ``\\text{...}``
  keeps its words and spaces; ``\\mathbb`` gives ℂ ℕ ℙ ℚ ℝ ℤ (other letters plain).
* ``\\log``, ``\\exp``, ``\\sin``, ``\\operatorname{...}`` become words, set off from
  the letters around them.
* A sub- or superscript whose every character has a Unicode form (digits,
  ``+ - = ( )``, subscript ``a e h i j k l m n o p r s t u v x``, superscript ``i n``)
  takes that form: ``x_{1}`` ``x₁``, ``p_{ij}`` ``pᵢⱼ``, ``x^{-1}`` ``x⁻¹``. Any other
  is written ``_`` or ``^`` with its text, bare when that is one character, one
  number or one bracketed group (``x_N``, ``ℝ^d``, ``x^(k)``), in parentheses
  otherwise (``e^(iπ)``, ``x_(max)``, ``∑_(k≠i)``); after an ASCII subscript the
  superscript is ASCII too (``x_N^2``), so that ``x_N²`` is never to be guessed at.
* ``\\frac{a}{b}`` is ``a/b``; a numerator or denominator that is more than one
  name, number, bracketed group or function call goes in parentheses
  (``(a+b)/(2N)``), and so does the whole fraction when it stands next to
  something it could be read as multiplying (``log(p/q)``, ``2(a/b)``).
* ``\\sqrt{x}`` is ``√x``, or ``√(...)`` around more than one term; ``\\sqrt[3]{x}``
  is ``³√x``.
* Spaces: TeX ignores the source's spaces in a formula, and so does this, except
  one between two letters or digits; relations (``= < ≤ ∈ → |``...) get a space
  on each side and commas one after, as TeX typesets them, though not inside
  scripts; a big operator (∑ ∏ ∫) is set off from its operand. ``-`` stays ASCII.
* An unknown command is kept as written, its braced arguments too (converted
  inside): ``\\foo{x}``. A formula this cannot read honestly comes back as its
  TeX, whitespace collapsed: unbalanced braces, environments, ``\\\\`` or ``&``
  (matrices, alignments), a command missing its argument, nesting past a limit, more
  than 2,000 characters (no one reads that as one line, and parsing it would hold up
  the import).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TypeAlias

# A formula as _parse reads it: a token (a character, a run of spaces, a command), or a
# {...} group as a list of them.
Tokens: TypeAlias = "list[str | Tokens]"

_GAP, _REL, _AFTER = "\x01", "\x02", "\x03"  # spacing marks, settled by _settle
_UNREADABLE = re.compile(r"\\(?:begin|end)(?![A-Za-z])|\\\\|(?<!\\)&")
_MAX_DEPTH = 60
_MAX_CHARS = 2_000


def _table(names: str, chars: str) -> dict[str, str]:
    return dict(zip(names.split(), chars, strict=True))


def _names(names: str) -> frozenset[str]:
    return frozenset(names.split())


# Ours before pylatexenc's: what it lacks (or writes as ASCII, like \prime) and what a
# formula read as text leaves out.
_WORDS = {
    **_table("prime neg land lor colon | % bullet", "′¬∧∨:‖%•"),
    **dict.fromkeys(_names(", : ; > quad qquad enspace thinspace"), " "),
    **dict.fromkeys(
        _names(
            "! negthinspace displaystyle textstyle scriptstyle scriptscriptstyle limits nolimits "
            "nonumber notag strut mathstrut big Big bigg Bigg bigl bigr Bigl Bigr biggl biggr "
            "Biggl Biggr bigm Bigm middle"
        ),
        "",
    ),
}
_WORDS[" "] = " "  # "\ ", a space
_MORE_RELATIONS = _table("ne gets implies iff mid", "≠←⇒⇔|")
# What pylatexenc's symbols are, by their character: relations get spaces around them,
# big operators one after. Arrows are relations; so are these operators. ("|" is a
# relation only as \\mid: \\vert is a bracket.)
_RELATION_CHARS = frozenset(
    "=<>≠≤≥≮≯≰≱≈≉∼≁≃≄≅≇≡≢≍≐≑≒≓≔≕≖≗≜≟≲≳≶≷≺≻≼≽≾≿⊀⊁∝∈∉∋∌⊂⊃⊄⊅⊆⊇⊈⊉⊊⊋⊏⊐⊑⊒⋐⋑"
    "≪≫⋘⋙⊥∥∦⊢⊣⊨⊩⊪⊫⊬⊭∣∤∷∴∵⊲⊳⊴⊵⋠⋡⋦⋧⋨⋩⋪⋫⋬⋭"
)
_ARROWS = ((0x2190, 0x21FF), (0x27F0, 0x27FF), (0x2900, 0x297F))  # Unicode's arrow blocks


def _relation(symbol: str) -> bool:
    return symbol in _RELATION_CHARS or (
        len(symbol) == 1 and any(lo <= ord(symbol) <= hi for lo, hi in _ARROWS)
    )


_BIG_OP_CHARS = frozenset("∑∏∐∫∬∭∮⋃⋂⨁⨂⨀")
_FUNCTIONS = _names(
    "log ln lg exp sin cos tan sec csc cot arcsin arccos arctan sinh cosh tanh coth lim "
    "limsup liminf max min sup inf arg det dim ker gcd Pr deg hom mod"
)
_STYLES = _names(
    "mathbf mathrm mathit mathcal mathscr mathfrak mathsf mathtt mathnormal boldsymbol bm"
)
_TEXTS = _names("text textrm textit textbf textsf texttt textnormal mbox")
_ACCENTS = {"hat": "\u0302", "bar": "\u0304", "tilde": "\u0303", "dot": "\u0307", "ddot": "\u0308"}
_NOT = {"=": "≠", "in": "∉", "subset": "⊄", "subseteq": "⊈", "equiv": "≢", "sim": "≁"}
_DOUBLE = _table("C N P Q R Z", "ℂℕℙℚℝℤ")
_SUP = _table("0 1 2 3 4 5 6 7 8 9 + - − = ( ) i n", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ⁱⁿ")
_SUB = _table(
    "0 1 2 3 4 5 6 7 8 9 + - − = ( ) a e h i j k l m n o p r s t u v x",
    "₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ",
)
_SCRIPTISH = frozenset(_SUP.values()) | frozenset(_SUB.values()) | frozenset("′″°")
_OPEN, _CLOSE = "([{⟨⌊⌈", ")]}⟩⌋⌉"
_LOOSE_BEFORE = frozenset(_OPEN + " =<>,;:+-−±∓" + _REL + _AFTER)  # a fraction here stands alone
_LOOSE_AFTER = frozenset(_CLOSE + " =<>,;:+-−±∓." + _REL + _AFTER)


class _Unreadable(Exception):
    """The formula cannot be read honestly as text: show its TeX."""


def tex_to_text(tex: str) -> str:
    """``tex`` as readable one-line text, or its TeX (collapsed) when it cannot be read."""
    source = _one_line(tex)
    if not source:
        return ""
    try:
        return convert(source) or source
    except Exception:  # a web page's formula must never stop an import: show its TeX
        return source


def _one_line(tex: str) -> str:
    return " ".join("".join(c if c >= " " and c != "\x7f" else " " for c in tex).split())


def convert(tex: str) -> str:
    """The conversion itself, raising where :func:`tex_to_text` falls back."""
    source = _one_line(tex)
    if _UNREADABLE.search(source) or len(source) > _MAX_CHARS:
        raise _Unreadable(source)
    return _settle(_Renderer().seq(_parse(source), "math")[0], script=False)


def _parse(source: str) -> Tokens:
    """pylatexenc's reading of ``source`` as tokens: each character, each run of spaces and
    each command (``"\\frac"``, followed by its arguments) one item, each ``{...}`` a list."""
    depth = 0
    for c in source:  # cheaply refused before pylatexenc recurses into it
        depth += (c == "{") - (c == "}")
        if depth > _MAX_DEPTH:
            raise _Unreadable("too deep")
    # deferred: pylatexenc (~15 ms) is needed only by the pages that have formulas
    from pylatexenc.latexwalker import LatexWalker, LatexWalkerError

    try:
        nodes = LatexWalker(source, tolerant_parsing=False).get_latex_nodes()[0]
    except (LatexWalkerError, RecursionError) as e:  # unbalanced braces, arguments too deep
        raise _Unreadable(str(e)) from None
    tokens: Tokens = []
    _flatten(nodes, tokens)
    return tokens


def _flatten(nodes, out: list) -> None:
    from pylatexenc import latexwalker as lw  # deferred: see _parse

    for node in nodes:
        if node is None:
            continue
        if isinstance(node, lw.LatexCharsNode):
            out.extend(re.findall(r"\s+|.", node.chars, re.DOTALL))
        elif isinstance(node, lw.LatexGroupNode) and node.delimiters[0] == "{":
            group: list = []
            _flatten(node.nodelist, group)
            out.append(group)
        elif isinstance(node, lw.LatexGroupNode):  # an optional argument: [...]
            out.append(node.delimiters[0])
            _flatten(node.nodelist, out)
            out.append(node.delimiters[1])
        elif isinstance(node, lw.LatexMacroNode):
            out.append("\\" + node.macroname)  # the spaces after its name mean nothing
            _flatten(node.nodeargd.argnlist if node.nodeargd else [], out)
        elif isinstance(node, lw.LatexSpecialsNode):
            out.extend(node.specials_chars)
        elif isinstance(node, lw.LatexCommentNode):  # a "%" in a formula: kept as written
            out.extend(re.findall(r"\s+|.", "%" + node.comment, re.DOTALL))
        elif isinstance(node, lw.LatexMathNode):
            out.extend(node.delimiters[0])
            _flatten(node.nodelist, out)
            out.extend(node.delimiters[1])
        else:  # an environment: a matrix, an alignment
            raise _Unreadable(type(node).__name__)


@lru_cache(maxsize=1024)
def _symbol(name: str) -> str | None:
    """What pylatexenc's latex2text writes for ``\\name`` when that takes no argument
    (``α`` for ``alpha``, ``≤`` for ``leq``), else None."""
    spec = _text_context().get_macro_spec(name)
    repl = getattr(spec, "simplify_repl", None)  # a function or a format for the others
    return repl if isinstance(repl, str) and "%" not in repl and "\n" not in repl else None


@lru_cache(maxsize=1)
def _text_context():
    from pylatexenc.latex2text import get_default_latex_context_db  # deferred: see _parse

    return get_default_latex_context_db()


def _blank(node) -> bool:
    return isinstance(node, str) and (node.isspace() or node.strip() in ("\\limits", "\\nolimits"))


def _skip(nodes: Tokens, i: int) -> int:
    while i < len(nodes) and _blank(nodes[i]):
        i += 1
    return i


class _Renderer:
    def __init__(self) -> None:
        self.depth = 0
        self.script = False

    def seq(self, nodes: Tokens, mode: str) -> tuple[str, str]:
        """A list of nodes as text with spacing marks, and "frac" if it is one fraction."""
        pieces: list[tuple[str, str]] = []
        i = 0
        while i < len(nodes):
            node = nodes[i]
            if mode == "text":
                text, _, i = self.atom(nodes, i, mode) if not _blank(node) else (" ", "", i + 1)
                pieces.append((text, ""))
                continue
            if _blank(node):
                pieces.append((_GAP, ""))
                i += 1
                continue
            if node == "," and pieces and pieces[-1][0][-1:].isdigit():
                nxt = nodes[i + 1] if i + 1 < len(nodes) else ""
                if isinstance(nxt, str) and nxt[:1].isdigit():
                    pieces.append((",", ""))
                    i += 1
                    continue
            text, kind, i = ("", "", i) if node in ("_", "^") else self.atom(nodes, i, mode)
            scripts: dict[str, str] = {}
            j = _skip(nodes, i)
            while j < len(nodes) and (mark := nodes[j]) in ("_", "^") and mark not in scripts:
                k = _skip(nodes, j + 1)
                if k >= len(nodes):
                    raise _Unreadable("script without its argument")
                outer, self.script = self.script, True
                arg, _, i = self.atom(nodes, k, mode)
                self.script = outer
                scripts[mark] = _settle(arg, script=True)
                j = _skip(nodes, i)
            if scripts:
                if kind == "frac":
                    text, kind = f"({text})", ""
                text, plain = _with_scripts(text, scripts.get("_"), scripts.get("^"))
                text += _GAP if plain and kind == "" else ""
            if kind == "fn":
                text = _GAP + text + _GAP
            elif kind == "op":
                text += _AFTER
            pieces.append((text, "frac" if kind == "frac" else ""))
        _bracket_fractions(pieces)
        whole = "".join(text for text, _ in pieces)
        fractions = [kind for text, kind in pieces if text.strip(_GAP)]
        return whole, "frac" if fractions == ["frac"] else ""

    def atom(self, nodes: Tokens, i: int, mode: str) -> tuple[str, str, int]:
        """One node (with the arguments a command takes) as text, its kind, the next index."""
        if i >= len(nodes):
            raise _Unreadable("missing argument")
        self.depth += 1
        if self.depth > _MAX_DEPTH:
            raise _Unreadable("too deep")
        try:
            node = nodes[i]
            if isinstance(node, list):
                text, kind = self.seq(node, mode)
                return text, kind, i + 1
            if node.startswith("\\") and len(node) > 1:
                return self.command(node[1:].rstrip() or " ", nodes, i + 1, mode)
            if mode == "text":
                return node, "", i + 1
            if node in "=<>":
                return _REL + node + _REL, "", i + 1
            chars = {"'": "′", "~": " ", ",": "," + _AFTER, ";": ";" + _AFTER}
            return chars.get(node, node), "", i + 1
        finally:
            self.depth -= 1

    def island(self, nodes: Tokens, i: int, mode: str = "math") -> tuple[str, int]:
        """An argument as settled text of its own."""
        text, _, i = self.atom(nodes, _skip(nodes, i), mode)
        return _settle(text, script=self.script), i

    def command(self, name: str, nodes: Tokens, i: int, mode: str) -> tuple[str, str, int]:
        nxt = nodes[i] if i < len(nodes) else None
        if name in _WORDS:
            return _WORDS[name], "", i
        if name in _MORE_RELATIONS:
            return _REL + _MORE_RELATIONS[name] + _REL, "", i
        if name in _FUNCTIONS or name == "bmod":
            return ("mod" if name == "bmod" else name), "fn", i
        if name in ("left", "right"):
            return "", "", i + 1 if nxt == "." else i
        if name in _TEXTS and isinstance(nxt, list):
            text, i = self.island(nodes, i, "text")
            return text, "", i
        if name in _STYLES:
            return self.atom(nodes, _skip(nodes, i), mode)
        if name == "operatorname":
            text, i = self.island(nodes, i + 1 if nxt == "*" else i)
            return text, "fn", i
        if name == "mathbb":
            text, i = self.island(nodes, i)
            return "".join(_DOUBLE.get(c, c) for c in text), "", i
        if name in ("frac", "dfrac", "tfrac", "cfrac"):
            top, i = self.island(nodes, i)
            bottom, i = self.island(nodes, i)
            return f"{_operand(top)}/{_operand(bottom)}", "frac", i
        if name == "sqrt":
            index, i = self.root_index(nodes, i)
            text, i = self.island(nodes, i)
            if index is not None and _to(index, _SUP) is None:
                return "\\sqrt[" + index + "]{" + text + "}", "", i
            return (_to(index, _SUP) or "") + "√" + _operand(text), "", i
        if name in _ACCENTS and (nxt is not None and not _blank(nxt)):
            text, j = self.island(nodes, i)
            if len(text) == 1 and text.isalpha():
                return text + _ACCENTS[name], "", j
        if name == "not" and nxt is not None:
            key = nxt.strip().lstrip("\\") if isinstance(nxt, str) else ""
            if key in _NOT:
                return _REL + _NOT[key] + _REL, "", i + 1
        symbol = _symbol(name)
        if symbol is not None:
            if _relation(symbol):
                return _REL + symbol + _REL, "", i
            return symbol, "op" if symbol in _BIG_OP_CHARS else "", i
        text = "\\" + name  # unknown: kept as written, with its braced arguments
        while i < len(nodes) and isinstance(group := nodes[i], list):
            text += "{" + _settle(self.seq(group, mode)[0], script=self.script) + "}"
            i += 1
        return text + _GAP, "", i

    def root_index(self, nodes: Tokens, i: int) -> tuple[str | None, int]:
        """The ``[n]`` of ``\\sqrt[n]{x}`` (looked for close by), and where the radicand starts."""
        i = _skip(nodes, i)
        ends = [k for k in range(i + 1, min(i + 16, len(nodes))) if nodes[k] == "]"]
        if i < len(nodes) and nodes[i] == "[" and ends:
            return _settle(self.seq(nodes[i + 1 : ends[0]], "math")[0], script=True), ends[0] + 1
        return None, i


def _to(text: str | None, table: dict[str, str]) -> str | None:
    if not text or any(c not in table for c in text):
        return None
    return "".join(table[c] for c in text)


def _with_scripts(base: str, sub: str | None, sup: str | None) -> tuple[str, bool]:
    """The base with its scripts, and whether they were written the ASCII way."""
    plain = False
    if sub:
        small = _to(sub, _SUB)
        plain = small is None
        base += "_" + _script_operand(sub) if small is None else small
    if sup:
        small = _to(sup, _SUP)
        if all(c in "′″" for c in sup) or sup == "∘":
            base += "°" if sup == "∘" else sup
        elif small is not None and not plain:
            base += small
        else:
            base, plain = base + "^" + _script_operand(sup), True
    return base, plain


def _script_operand(text: str) -> str:
    bare = len(text) == 1 or text.isdecimal() or _bracketed(text, 0) == len(text)
    return text if bare else f"({text})"


def _bracketed(text: str, i: int) -> int:
    """The index after the bracketed group that opens at ``text[i]``, or -1."""
    if text[i] == "‖":
        end = text.find("‖", i + 1)
        return end + 1 if end > 0 else -1
    depth = 0
    for j in range(i, len(text)):
        depth += (text[j] in _OPEN) - (text[j] in _CLOSE)
        if depth == 0:
            return j + 1
    return -1


def _operand(text: str) -> str:
    """``text`` as one operand of ``/`` or ``√``: bare when it is one term, else bracketed."""
    return text if _one_term(text) else f"({text})"


def _one_term(text: str) -> bool:
    """One name, number, bracketed group or function call, with scripts and primes."""
    if not text:
        return False
    i, n = 0, len(text)
    if text[0].isdigit() and text[0] not in _SCRIPTISH:
        while i < n and (text[i].isdigit() or text[i] == ".") and text[i] not in _SCRIPTISH:
            i += 1
    elif text[0] in _OPEN + "‖":
        i = _bracketed(text, 0)
    elif text[0] in "∞√":
        return text == "∞" or (text[0] == "√" and _one_term(text[1:]))
    elif text[0].isalpha() and text[0] not in _SCRIPTISH:
        while i < n and text[i].isalpha() and text[i] not in _SCRIPTISH:
            i += 1
        if i > 1:
            if text[:i] not in _FUNCTIONS or i == n or text[i] not in _OPEN:
                return False
            i = _bracketed(text, i)
    while 0 < i < n:
        if text[i] in _SCRIPTISH:
            i += 1
        elif text[i] in "_^" and i + 1 < n and text[i + 1] in _OPEN:
            i = _bracketed(text, i + 1)
        elif text[i] in "_^" and i + 1 < n and text[i + 1].isalnum():
            i += 2
            while i < n and text[i].isalnum() and text[i] not in _SCRIPTISH:
                i += 1
        else:
            return False
    return i == n


def _bracket_fractions(pieces: list[tuple[str, str]]) -> None:
    """Brackets around each fraction that stands next to a factor it could be read with."""
    before, last = [], None
    for text, _ in pieces:
        before.append(last)
        last = (text.rstrip(_GAP) or [last])[-1]
    after, first = [], None
    for text, _ in reversed(pieces):
        after.append(first)
        first = (text.lstrip(_GAP) or [first])[0]
    after.reverse()
    for k, (text, kind) in enumerate(pieces):
        if kind == "frac" and not (
            (before[k] is None or before[k] in _LOOSE_BEFORE)
            and (after[k] is None or after[k] in _LOOSE_AFTER)
        ):
            pieces[k] = (f"({text})", "")


def _settle(text: str, script: bool) -> str:
    """Spacing marks made spaces or nothing, runs of spaces one space."""
    nxt, following = [""] * len(text), ""
    for k in range(len(text) - 1, -1, -1):
        nxt[k] = following
        if text[k] not in (_GAP, _REL, _AFTER):
            following = text[k]
    out: list[str] = []
    for k, c in enumerate(text):
        if c == _GAP:
            left = out[-1][-1:] if out else ""
            if left and (left.isalnum() or left in "′″)]") and nxt[k].isalnum():
                out.append(" ")
        elif c in (_REL, _AFTER):
            if not script and (c == _REL or (nxt[k] and nxt[k] not in " ,;.)]}⟩|‖" + _REL)):
                out.append(" ")
        else:
            out.append(c)
    return " ".join("".join(out).split())
