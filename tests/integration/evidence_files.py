# SPDX-License-Identifier: ISC
"""Small files of every kind an evidence upload meets, made here (no
binary fixtures): the types nhiemvu takes and the ones it refuses."""
import io
import struct
import zipfile
import zlib


def pdf():
    return b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
def png():
    def chunk(t, d): return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
    raw = b"".join(b"\x00" + b"\xff\x00\x00" * 4 for _ in range(4))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 4, 8, 2, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
def jpeg():
    return bytes.fromhex("ffd8ffe000104a46494600010100000100010000ffdb004300") + bytes(64) + bytes.fromhex("ffd9")
def ooxml(kind):
    main = {"docx": ("word/document.xml", "wordprocessingml.document.main+xml"), "xlsx": ("xl/workbook.xml", "spreadsheetml.sheet.main+xml"), "pptx": ("ppt/presentation.xml", "presentationml.presentation.main+xml")}[kind]
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/%s" ContentType="application/vnd.openxmlformats-officedocument.%s"/></Types>' % main)
        z.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="%s"/></Relationships>' % main[0])
        z.writestr(main[0], '<?xml version="1.0"?><x/>')
    return b.getvalue()
def odf(kind):
    mt = "application/vnd.oasis.opendocument." + kind
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), mt)
        z.writestr("content.xml", '<?xml version="1.0"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>', zipfile.ZIP_DEFLATED)
        z.writestr("META-INF/manifest.xml", '<?xml version="1.0"?><manifest/>', zipfile.ZIP_DEFLATED)
    return b.getvalue()
def zipf():
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w") as z:
        z.writestr("a.txt", "xin chao")
    return b.getvalue()
def exe():
    return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + bytes(44) + b"\x80\x00\x00\x00" + bytes(64) + b"PE\x00\x00L\x01\x03\x00" + bytes(200)
FILES = {"a.pdf": pdf, "a.png": png, "a.jpg": jpeg, "a.docx": lambda: ooxml("docx"), "a.xlsx": lambda: ooxml("xlsx"), "a.pptx": lambda: ooxml("pptx"), "a.odt": lambda: odf("text"), "a.ods": lambda: odf("spreadsheet"), "a.zip": zipf, "a.exe": exe, "a.html": lambda: b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>", "a.svg": lambda: b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'}