# SPDX-License-Identifier: ISC
"""Listing: accent-insensitive search, filters, and keyset pages that stay
stable while rows are inserted between them."""

import urllib.parse
import uuid

from lib import Client, check, eq, expect_error


def login(user):
    c = Client(SOURCE)  # noqa: F821
    c.login(user)
    return c


def ids(c, query):
    r = c.get("tasks?" + query)
    eq(r.status, 200, f"list {query}: {r}")
    return [t["id"] for t in r.json["items"]]


def q(s):
    return urllib.parse.quote(s)


def test_accent_insensitive_search():
    off = login("cb.skhcn")
    tag = uuid.uuid4().hex[:8]
    a = off.post("tasks", {"name": f"Chuyển đổi số toàn diện {tag}"}).json
    b = off.post("tasks", {"name": f"ĐỔI MỚI sáng tạo {tag}"}).json
    c = off.post("tasks", {"name": f"Tăng 100% dịch_vụ {tag}"}).json
    both = sorted([a["id"], b["id"]])
    eq(ids(off, f"q={q('chuyen doi so ' + tag)}"), [], "words in order only")
    eq(ids(off, f"q={q('chuyen doi so')}&agency=SKHCN&limit=200")
       .count(a["id"]), 1, "chuyen doi so finds chuyển đổi số")
    for term in ("doi", "đổi", "ĐỔI", "Doi", "dôi"):
        got = [i for i in ids(off, f"q={q(term)}&limit=200")
               if i in both]
        eq(sorted(got), both, f"{term!r} finds both (đ folds to d)")
    eq(ids(off, f"q={q(tag + ' sang tao')}"), [], "phrase order matters")
    eq(ids(off, f"q={q('doi moi sang tao')}&limit=200").count(b["id"]), 1,
       "upper case and accents fold")
    eq(ids(off, f"q={q('  chuyen   DOI  ')}&limit=200").count(a["id"]), 1,
       "spaces collapse")
    # LIKE metacharacters are plain characters.
    eq([i for i in ids(off, f"q={q('100%')}&limit=200") if i in
        (a["id"], b["id"], c["id"])], [c["id"]], "% is literal")
    eq([i for i in ids(off, f"q={q('_')}&limit=200") if i in
        (a["id"], b["id"], c["id"])], [c["id"]], "_ is literal")
    expect_error(off.get("tasks?q=" + "a" * 201), 400, "validation_failed",
                 "q")


def test_search_covers_product_target_and_person():
    """q finds a task by its expected product, its target or its
    responsible person, accent- and case-insensitively, đ as d."""
    off = login("cb.skhcn")
    tag = uuid.uuid4().hex[:8]
    t = off.post("tasks", {
        "name": f"Nhiệm vụ tìm kiếm {tag}",
        "expected_product": f"{tag} Cổng dữ liệu mở",
        "target": f"{tag} Giảm 30% thời gian xử lý",
        "responsible_person": f"{tag} Đỗ Thị Ngọc Ánh"}).json
    eq(t.get("id") is not None, True, f"created {t}")
    for term in ("cong du lieu mo", "CỔNG DỮ LIỆU", "giam 30% thoi gian",
                 "do thi ngoc anh", "ĐỖ THỊ"):
        eq(ids(off, f"q={q(tag + ' ' + term)}&limit=200"), [t["id"]],
           f"{term!r} finds the task")
    eq(ids(off, f"q={q(tag + ' mo cong')}"), [], "words in order only")
    eq(ids(off, f"q={q(tag + ' giam 30_')}"), [], "_ is literal there too")


def test_pages_are_stable_under_inserts():
    off = login("cb.snv")
    tag = uuid.uuid4().hex[:8]
    made = [off.post("tasks", {"name": f"Trang {tag} {i}"}).json["id"]
            for i in range(7)]
    query = f"q={tag}&limit=3"
    r = off.get("tasks?" + query)
    page1 = [t["id"] for t in r.json["items"]]
    eq(r.json["total"], 7, "the first page says how many match in all")
    cur = r.json["next_cursor"]
    check(cur is not None, "a next page")
    # New rows arrive between the pages.
    off.post("tasks", {"name": f"Trang {tag} chen 1"})
    r = off.get(f"tasks?{query}&cursor={cur}")
    page2 = [t["id"] for t in r.json["items"]]
    check("total" not in r.json, "later pages do not count again")
    cur = r.json["next_cursor"]
    off.post("tasks", {"name": f"Trang {tag} chen 2"})
    r = off.get(f"tasks?{query}&cursor={cur}")
    page3 = [t["id"] for t in r.json["items"]]
    eq(r.json["next_cursor"], None, "last page")
    eq(page1 + page2 + page3, sorted(made, reverse=True),
       "every row once, newest first, none skipped or repeated")


def test_filters():
    sec = login("tk.bcd")
    tag = uuid.uuid4().hex[:8]
    mk = lambda **kw: sec.post("tasks", dict(name=f"Lọc {tag}", **kw)).json
    d1 = mk(kind="directive", lead_agency="SYT", status="in_program",
            deadline="2020-01-01", year=2025)
    d2 = mk(kind="database", lead_agency="SCT", status="in_program",
            coordinating_agencies=["SYT"], deadline="2099-01-01")
    b1 = mk(lead_agency="SYT")
    base = f"q={tag}&limit=200"
    eq(sorted(ids(sec, base)), sorted([d1["id"], d2["id"], b1["id"]]), "all")
    eq(sorted(ids(sec, base + "&agency=SYT")),
       sorted([d1["id"], d2["id"], b1["id"]]), "lead or coordinating")
    eq(ids(sec, base + "&agency=SCT"), [d2["id"]], "lead only")
    eq(ids(sec, base + "&kind=directive"), [d1["id"]], "kind")
    eq(ids(sec, base + "&status=draft"), [b1["id"]], "status")
    eq(ids(sec, base + "&overdue=true"), [d1["id"]], "overdue")
    eq(sorted(ids(sec, base + "&overdue=false")), sorted([d2["id"], b1["id"]]),
       "not overdue (no deadline counts as not overdue)")
    eq(ids(sec, base + "&year=2025"), [d1["id"]], "year")
    eq(ids(sec, base + "&year=2025&kind=database"), [], "filters combine")
    # An official of SCT sees d2 (lead) but not d1 or b1.
    eq(ids(login("cb.cat"), base), [], "nothing of CAT")


def test_bad_parameters():
    c = login("cb.skhcn")
    for query, field in (("limit=0", "limit"), ("limit=201", "limit"),
                         ("limit=x", "limit"), ("cursor=abc", "cursor"),
                         ("cursor=", "cursor"), ("cursor=dDE6eA", "cursor"),
                         ("status=open", "status"), ("year=abc", "year"),
                         ("year=99999", "year"), ("kind=x", "kind"),
                         ("agency=NOPE", "agency"), ("overdue=yes", "overdue"),
                         ("sort=budget", "sort"), ("year=2026&year=2025",
                                                 "year")):
        expect_error(c.get("tasks?" + query), 400, "validation_failed", field)
