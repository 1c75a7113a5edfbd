"""A picture's bytes checked and made fit to store: decoded with limits, never trusted.

Pillow reads the header first, so a picture that claims more than :data:`MAX_PIXELS`
(a "bomb": a few kilobytes that decode to 50,000 × 50,000) is refused before any
pixel is decoded; then the whole picture is decoded once (JPEG at an eighth of its
size, which still reads every byte), so a truncated or damaged file is caught at
import, not in the reading pane. An animation of more than :data:`MAX_FRAMES` frames
keeps its first frame. SVG goes to :mod:`.svg` (sanitised, never rasterised here).

What is stored: the bytes as they came when the window can show them (JPEG, PNG, GIF,
WebP) and they are not larger than they need be; a picture wider or taller than
:data:`MAX_SIDE` and heavier than :data:`REENCODE_BYTES` is scaled down to
:data:`MAX_SIDE` and re-encoded (JPEG, or PNG when it has transparency), kept only when
that is smaller; other formats (BMP, TIFF, AVIF, ICO, ...) become PNG or JPEG.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass

from reader.core.importing.pictures.problem import PictureProblem
from reader.core.importing.pictures.svg import looks_like_svg, sanitise_svg
from reader.core.models import Picture

MAX_PIXELS = 40_000_000  # a 8,000 × 5,000 photograph; more is refused
MAX_FRAMES = 500
MAX_SIDE = 2560  # stored pictures: about twice the widest reading column, and then some
REENCODE_BYTES = 400_000
JPEG_QUALITY = 85
TRACKER_SIDE = 2  # decoded this small in both directions: a tracking pixel
TINY_SIDE = 24  # decoded this small in both directions: an icon, a bullet, a spacer
KEPT_AS_IS = {"JPEG": "image/jpeg", "PNG": "image/png", "GIF": "image/gif", "WEBP": "image/webp"}


@dataclass(frozen=True)
class Decoded:
    """A picture ready to store, and a remark when it was changed on the way."""

    picture: Picture
    remark: str | None = None


def digest_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def decode_picture(data: bytes) -> Decoded:
    """``data`` as a picture to store, or a :class:`PictureProblem` saying why not."""
    if not data:
        raise PictureProblem("the file is empty")
    if looks_like_svg(data):
        svg, width, height = sanitise_svg(data)
        return Decoded(Picture(digest_of(svg), "image/svg+xml", width, height, svg))
    # deferred: Pillow (~40 ms to import), for imports that bring pictures only
    from PIL import Image, UnidentifiedImageError

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # DecompressionBombWarning: we check the size ourselves
        try:
            image = Image.open(io.BytesIO(data))
        except Image.DecompressionBombError:
            raise PictureProblem(
                f"it claims to be far too large (over {_mp(MAX_PIXELS)})"
            ) from None
        except UnidentifiedImageError:
            raise PictureProblem("not a picture (not an image format that can be read)") from None
        except (OSError, ValueError, SyntaxError) as e:
            raise PictureProblem(f"damaged ({e})") from None
        with image:
            return _checked(image, data)


def _checked(image, data: bytes) -> Decoded:
    width, height = image.size
    if width * height > MAX_PIXELS:
        raise PictureProblem(
            f"too large ({width:,} × {height:,} pixels; at most {_mp(MAX_PIXELS)})"
        )
    if width <= TRACKER_SIDE and height <= TRACKER_SIDE:
        raise PictureProblem("a tracking pixel", quiet=True)
    if width <= TINY_SIDE and height <= TINY_SIDE:
        raise PictureProblem("an icon", quiet=True)
    fmt = image.format or ""
    media_type = KEPT_AS_IS.get(fmt)
    frames = _frames(image)
    oriented = _oriented_size(image, width, height)
    large = max(width, height) > MAX_SIDE and len(data) > REENCODE_BYTES
    recode = media_type is None or frames > MAX_FRAMES or (large and frames == 1)
    try:
        if fmt == "JPEG":
            # Decoding at a fraction of the size still reads (and checks) every byte.
            scale = MAX_SIDE / max(width, height) if recode else 1 / 8
            image.draft("RGB", (max(1, int(width * scale)), max(1, int(height * scale))))
        image.load()
    except (OSError, ValueError, SyntaxError, EOFError) as e:
        if "truncated" in str(e):
            raise PictureProblem("the file is cut short (truncated)") from None
        raise PictureProblem(f"damaged ({e})") from None
    if frames > MAX_FRAMES:
        return _encoded(
            image, f"an animation of more than {MAX_FRAMES:,} frames: its first frame is kept"
        )
    as_is = Decoded(Picture(digest_of(data), media_type or "", *oriented, data))
    if not recode:
        return as_is
    smaller = _encoded(image, None)
    if media_type is None or len(smaller.picture.data) < len(data):
        return smaller
    return as_is


def _frames(image) -> int:
    """How many frames, counting no further than one past the limit."""
    if not getattr(image, "is_animated", False):
        return 1
    count = 1
    try:
        while count <= MAX_FRAMES:
            image.seek(count)
            count += 1
    except EOFError:
        pass
    except (OSError, ValueError, SyntaxError) as e:
        raise PictureProblem(f"damaged ({e})") from None
    image.seek(0)
    return count


def _oriented_size(image, width: int, height: int) -> tuple[int, int]:
    """The size as shown: EXIF orientations 5 to 8 turn a picture on its side."""
    try:
        orientation = image.getexif().get(0x0112, 1)
    except Exception:  # EXIF is hostile input too; a bad block only loses the rotation
        orientation = 1
    return (height, width) if orientation in (5, 6, 7, 8) else (width, height)


def _encoded(image, remark: str | None) -> Decoded:
    """The picture (its first frame) upright, at most MAX_SIDE, as JPEG or PNG."""
    from PIL import Image, ImageOps  # deferred: as above

    image.seek(0)
    frame = ImageOps.exif_transpose(image.copy()) or image.copy()
    if max(frame.size) > MAX_SIDE:
        frame.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    alpha = frame.mode in ("RGBA", "LA", "PA") or "transparency" in frame.info
    out = io.BytesIO()
    if alpha or frame.mode in ("1", "P", "I", "I;16", "F"):
        if frame.mode not in ("1", "L", "LA", "P", "RGB", "RGBA", "I", "I;16"):
            frame = frame.convert("RGBA" if alpha else "RGB")
        frame.save(out, "PNG", optimize=True)
        media_type = "image/png"
    else:
        frame.convert("RGB").save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
        media_type = "image/jpeg"
    data = out.getvalue()
    return Decoded(Picture(digest_of(data), media_type, frame.width, frame.height, data), remark)


def _mp(pixels: int) -> str:
    return f"{pixels / 1_000_000:g} million pixels"
