"""Small files of each kind an attachment may be, made here, with a canary inside."""

import io
import zipfile

import pillow_heif
from PIL import Image, PngImagePlugin

pillow_heif.register_heif_opener()

#: A position in Amsterdam, as a phone writes it in a photo's EXIF (GPS IFD).
GPS = {1: "N", 2: (52.0, 22.0, 31.5), 3: "E", 4: (4.0, 53.0, 42.0)}
GPS_IFD = 0x8825
#: EXIF orientation 6: the camera was turned; show the pixels turned 90 degrees clockwise.
ROTATED = 6


def _exif(canary):
    exif = Image.Exif()
    exif[0x010E] = f"{canary}-beschrijving"  # ImageDescription
    exif[0x013B] = f"{canary}-fotograaf"  # Artist
    exif[0x0112] = ROTATED  # Orientation
    exif[GPS_IFD] = GPS
    return exif


def _picture():
    """60x30 pixels: red on the left, blue on the right."""
    image = Image.new("RGB", (60, 30), "red")
    image.paste(Image.new("RGB", (30, 30), "blue"), (30, 0))
    return image


def jpeg(canary):
    """A photo as a phone takes it: turned (EXIF orientation), with GPS and the canary in
    its EXIF and in a JPEG comment."""
    out = io.BytesIO()
    _picture().save(out, "JPEG", exif=_exif(canary), comment=f"{canary}-commentaar".encode())
    return out.getvalue()


def png(canary):
    """A PNG with the canary and GPS in its EXIF chunk and the canary in a text chunk."""
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", f"{canary}-tekst")
    out = io.BytesIO()
    _picture().save(out, "PNG", exif=_exif(canary), pnginfo=info)
    return out.getvalue()


def heic(canary):
    """An iPhone's HEIC photo, with GPS and the canary in its EXIF."""
    out = io.BytesIO()
    _picture().save(out, "HEIF", exif=_exif(canary).tobytes())
    return out.getvalue()


def pdf(canary, size=0):
    """A one-page PDF that says the canary; padded with a comment to ``size`` bytes."""
    text = f"BT /F1 12 Tf 72 720 Td ({canary}) Tj ET".encode()
    body = (
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
        b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >> "
        b"endobj\n4 0 obj << /Length " + str(len(text)).encode() + b" >> stream\n" + text
        + b"\nendstream endobj\ntrailer << /Root 1 0 R >>\n"
    )
    padding = max(0, size - len(body) - 7)
    return body + b"%" + b"0" * padding + b"\n%%EOF"


def docx(canary, macros=False):
    """A Word document whose text is the canary (with a macro project if ``macros``).

    The members carry a fixed date, so two calls give the same bytes even across a clock tick.
    """
    members = {"[Content_Types].xml": '<?xml version="1.0"?><Types/>',
               "word/document.xml":
                   f'<?xml version="1.0"?><document><body>{canary}</body></document>'}
    if macros:
        members["word/vbaProject.bin"] = b"\xd0\xcf\x11\xe0macro"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in members.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0)), content)
    return out.getvalue()


def windows_program():
    """The start of a Windows program (an MZ/PE header)."""
    return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200
