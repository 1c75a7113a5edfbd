"""A formula's TeX made plain text (reader/core/importing/html/tex.py has the rules)."""

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.core.importing.html.tex import _Unreadable, convert, tex_to_text

# The formulas of the Wikipedia t-SNE page (../shared/corpus/dev), as MediaWiki writes them.
TSNE = [
    ("\\mathbf {x} _{1},\\dots ,\\mathbf {x} _{N}", "x₁, …, x_N"),
    ("p_{ij}", "pᵢⱼ"),
    ("p_{j|i}", "p_(j|i)"),
    ("\\sigma _{i}", "σᵢ"),
    ("\\lVert x_{i}-x_{j}\\rVert", "‖xᵢ-xⱼ‖"),
    ("\\mathbf {y} _{i}\\in \\mathbb {R} ^{d}", "yᵢ ∈ ℝ^d"),
    ("p_{ii}=0", "pᵢᵢ = 0"),
    ("i=j", "i = j"),
    ("p_{ij}={\\frac {p_{j\\mid i}+p_{i\\mid j}}{2N}}", "pᵢⱼ = (p_(j|i)+p_(i|j))/(2N)"),
    (
        "p_{j\\mid i}={\\frac {\\exp(-\\lVert \\mathbf {x} _{i}-\\mathbf {x} _{j}\\rVert ^{2}"
        "/2\\sigma _{i}^{2})}{\\sum _{k\\neq i}\\exp(-\\lVert \\mathbf {x} _{i}-\\mathbf {x} _{k}"
        "\\rVert ^{2}/2\\sigma _{i}^{2})}},",
        "p_(j|i) = exp(-‖xᵢ-xⱼ‖²/2σᵢ²)/(∑_(k≠i) exp(-‖xᵢ-xₖ‖²/2σᵢ²)),",
    ),
    (
        "q_{ij}={\\frac {(1+\\lVert \\mathbf {y} _{i}-\\mathbf {y} _{j}\\rVert ^{2})^{-1}}"
        "{\\sum _{k\\neq i}(1+\\lVert \\mathbf {y} _{i}-\\mathbf {y} _{k}\\rVert ^{2})^{-1}}}",
        "qᵢⱼ = (1+‖yᵢ-yⱼ‖²)⁻¹/(∑_(k≠i) (1+‖yᵢ-yₖ‖²)⁻¹)",
    ),
    (
        "KL(P||Q)=\\sum _{i\\neq j}p_{ij}\\log {\\frac {p_{ij}}{q_{ij}}}",
        "KL(P||Q) = ∑_(i≠j) pᵢⱼ log(pᵢⱼ/qᵢⱼ)",
    ),
]


@pytest.mark.parametrize(("tex", "text"), TSNE)
def test_the_tsne_formulas_read_as_text(tex, text):
    assert tex_to_text(tex) == text


@pytest.mark.parametrize(
    ("tex", "text"),
    [
        # style wrappers and spacing commands go
        ("\\mathbf{v}+\\mathit{w}+\\mathcal{L}+\\mathrm{d}x", "v+w+L+dx"),
        ("\\displaystyle \\left( a \\right)", "(a)"),
        ("\\left. f \\right|_{0}", "f|₀"),
        ("a\\,b\\;c\\!d\\quad e", "a b cd e"),
        ("\\text{if } x > 0", "if x > 0"),
        ("\\operatorname{arg\\,max}_x f(x)", "arg maxₓ f(x)"),
        # Greek, symbols, function names set off from the letters around them
        ("\\alpha\\beta\\Gamma\\Omega", "αβΓΩ"),
        ("\\forall x\\in A\\cup B", "∀x ∈ A∪B"),
        ("a\\cdot b\\times c\\pm d", "a·b×c±d"),
        ("x\\leq y\\geq z\\approx w\\sim v\\propto u", "x ≤ y ≥ z ≈ w ∼ v ∝ u"),
        ("x \\not= y, a\\not\\in B", "x ≠ y, a ∉ B"),
        ("f\\colon A\\to B", "f:A → B"),
        ("\\langle u,v\\rangle", "⟨u, v⟩"),
        ("\\sin x+\\log y", "sin x+log y"),
        ("a \\bmod b", "a mod b"),
        ("\\mathbb{E}[X]", "E[X]"),
        # scripts: Unicode when every character has a form, else _x, ^x or _(...)
        ("\\sigma _{i}^{2}", "σᵢ²"),
        ("x_{1}+x^{2}", "x₁+x²"),
        ("x_{N}", "x_N"),
        ("x_N^2", "x_N^2"),
        ("x_{N^2}", "x_(N²)"),
        ("x_{ab}", "x_(ab)"),
        ("x^{(k)}", "x^(k)"),
        ("x_{i,j}", "x_(i,j)"),
        ("x^{-1}", "x⁻¹"),
        ("x^{2n+1}", "x²ⁿ⁺¹"),
        ("e^{-x/2}", "e^(-x/2)"),
        ("e^{i\\pi}+1=0", "e^(iπ)+1 = 0"),
        ("x^{\\prime}+y'", "x′+y′"),
        ("90^\\circ", "90°"),
        ("{}^{14}C", "¹⁴C"),
        ("\\sum _{k\\neq i}", "∑_(k≠i)"),
        ("\\sum_{i=1}^{n} x_i", "∑ᵢ₌₁ⁿ xᵢ"),
        ("\\int_0^\\infty e^{-x}\\,dx", "∫₀^∞ e^(-x) dx"),
        ("\\|x\\|_2", "‖x‖₂"),
        # fractions and roots
        ("\\frac{a}{b}", "a/b"),
        ("\\frac{a+b}{2N}", "(a+b)/(2N)"),
        ("\\frac12", "1/2"),
        ("\\frac{1}{2}x", "(1/2)x"),
        ("2\\frac{a}{b}", "2(a/b)"),
        ("\\frac{\\frac{a}{b}}{c}", "(a/b)/c"),
        ("\\left(\\frac{a}{b}\\right)^2", "(a/b)²"),
        ("\\lim_{x \\to 0} \\frac{\\sin x}{x} = 1", "lim_(x→0)((sin x)/x) = 1"),
        ("f(x)=\\frac{1}{\\sqrt{2\\pi}}e^{-x^2/2}", "f(x) = (1/√(2π))e^(-x²/2)"),
        ("\\sqrt{x}", "√x"),
        ("\\sqrt{x+1}", "√(x+1)"),
        ("\\sqrt[3]{x}", "³√x"),
        ("\\hat{x}+\\bar{y}", "x\u0302+y\u0304"),  # combining accents
        # what TeX writes as is
        ("1,000", "1,000"),
        ("\\{a,b\\}", "{a, b}"),
        ("a \\% b", "a%b"),
        ("x squared plus y", "x squared plus y"),
    ],
)
def test_tex_reads_as_text(tex, text):
    assert tex_to_text(tex) == text


@pytest.mark.parametrize(
    ("tex", "text"),
    [
        # pylatexenc names far more symbols than the old hand-written table did
        ("\\nexists x", "∄x"),
        ("\\therefore\\ \\mho", "∴ ℧"),
        ("a \\nleq b \\preceq c", "a ≰ b ≼ c"),  # relations, spaced as TeX spaces them
        ("A \\Subset B", "A ⋐ B"),
        ("f \\colon A \\hookrightarrow B", "f:A ↪ B"),  # an arrow is a relation
        ("\\aleph_0 \\varkappa", "ℵ₀ ϰ"),
    ],
)
def test_symbols_come_from_pylatexenc(tex, text):
    assert tex_to_text(tex) == text


def test_pylatexenc_is_imported_only_for_a_formula():
    code = (
        "import sys\n"
        "from reader.core.importing.sources import parse_html\n"
        "parse_html('<p>No formula here.</p>')\n"
        "assert 'pylatexenc' not in sys.modules, 'imported without a formula'\n"
        "parse_html('<p>See <math alttext=\"x^{2}\"><mi>x</mi></math>.</p>')\n"
        "assert 'pylatexenc' in sys.modules\n"
    )
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize(
    ("tex", "text"),
    [
        ("\\foo{x}+\\alpha", "\\foo{x}+α"),
        ("\\foo x", "\\foo x"),
        ("\\foo{\\alpha}{b}_1", "\\foo{α}{b}₁"),
        ("\\hat{xy}", "\\hat{xy}"),
        ("\\vec{v}", "\\vec{v}"),
        ("\\sqrt[k]{x}", "\\sqrt[k]{x}"),
        ("a \\over b", "a\\over b"),
    ],
)
def test_an_unknown_command_is_kept_as_written(tex, text):
    assert tex_to_text(tex) == text


@pytest.mark.parametrize(
    "tex",
    [
        "{a",
        "a}",
        "\\frac{a}",
        "x^",
        "\\begin{pmatrix}a&b\\\\c&d\\end{pmatrix}",
        "a&=b",
        "{" * 100 + "x" + "}" * 100,
    ],
)
def test_what_cannot_be_read_honestly_stays_tex(tex):
    assert tex_to_text(tex) == tex


def test_white_space_is_collapsed_and_nothing_stays_nothing():
    assert tex_to_text("") == ""
    assert tex_to_text(" \n\t ") == ""
    assert tex_to_text("\\,") == "\\,"  # nothing to show would hide that a formula was there
    assert tex_to_text("  a\n+\tb  ") == "a+b"
    assert tex_to_text("{a\n") == "{a"


@pytest.mark.parametrize(
    "tex",
    [
        "{" * 20_000 + "x" + "}" * 20_000,
        "{" * 20_000,
        "}" * 20_000,
        "\\sqrt" * 20_000 + "x",
        "\\frac" * 20_000,
        "\\mathbf" * 20_000 + "{x}",
        "x^" * 20_000 + "2",
        "\\sqrt[" * 20_000 + "x",
        "\\sqrt[" * 10_000 + "]" * 10_000,
        "\\frac{a}{b}" * 5_000,
        "x_{1}" * 10_000,
        "\\" * 20_000,
    ],
    ids=lambda t: t[:12],
)
def test_pathological_formulas_come_back_quickly(tex):
    start = time.perf_counter()
    text = tex_to_text(tex)
    assert time.perf_counter() - start < 2.0
    assert isinstance(text, str)
    assert "\n" not in text


COMMANDS = "frac sqrt alpha left right mathbf text foo sum log not hat operatorname , \\"
TEX_PIECES = st.sampled_from([*"\\{}_^[]()|',.=-+ ~&ab1N", *("\\" + c for c in COMMANDS.split())])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=200), st.lists(TEX_PIECES, max_size=60).map("".join)))
def test_any_string_gives_one_line_of_text(tex):
    try:
        text = convert(tex)  # the conversion itself, without the fallback
    except _Unreadable:
        text = None
    assert text is None or isinstance(text, str)
    shown = tex_to_text(tex)
    assert "\n" not in shown
    assert all(c >= " " for c in shown)
    assert shown.strip() == shown
    assert bool(shown) == any(c > " " and c != "\x7f" and not c.isspace() for c in tex)
