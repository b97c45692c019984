# SPDX-License-Identifier: ISC
"""Writes a large, plausible data set for the benchmarks as tab-separated
files that MariaDB's LOAD DATA reads fast: TASKS tasks over five years
(most earlier work completed, a few hundred overdue), their coordinating
agencies, and REPORTS monthly reports (the latest approved one copied into
the task's progress, as the application does).  Deterministic (seeded).

With COMMUNES (issue 14; about 3,300 at a national roll-out), also that
many communes' committees, each with its own three offices (the commune's
office, Văn hóa - Xã hội, Kinh tế), in committees.tsv and
commune_agencies.tsv; a third of the tasks are then the communes', led
and coordinated by a commune's own offices.

With BENCH_NAMES=seeds in the environment, task names are the province's
own (schema/demo/seed-tasks.csv), most of them followed by the document
they carry out ("theo Kế hoạch số 1234/KH-UBND ngày 5/3/2025"), so that
the vocabulary of the words index grows with the data as real names make
it grow (numbers, dates, document codes: about 11,000 words at 100,000
tasks), where the default names are drawn from 60 words.

Usage: gen_data.py OUTDIR TASKS REPORTS FIRST_ID [COMMUNES]"""

import datetime
import os
import random
import sys
import unicodedata
import zoneinfo

WORDS = ("chuyển đổi số xây dựng cơ sở dữ liệu đất đai tài chính giáo dục "
         "hộ tịch y tế công thương thanh tra tư pháp nông nghiệp nội vụ kế "
         "hoạch triển khai nghị quyết đề án phát triển khoa học công nghệ đổi "
         "mới sáng tạo hạ tầng mạng thiết bị đầu cuối cấp tỉnh xã dịch vụ "
         "công trực tuyến toàn trình chữ ký số trung tâm điều hành thông "
         "minh").split()
AGENCIES = ("VPTU BTCTU BTGDVTU UBKTTU BNCTU MTTQ VPUBND SKHCN SNV STC SXD "
            "SNNMT SCT SGDDT SYT STP SVHTTDL SDTTG SNGV TTT CAT BCHQS BQLKKT "
            "DHV XVINH XCUALO XTANKY").split()
FIELDS = ["science_technology", "innovation", "digital_transformation",
          "admin_reform", "project06"]


def fold(s):
    """The application's utf8_fold() for this alphabet."""
    s = s.replace("đ", "d").replace("Đ", "D")
    s = "".join(c for c in unicodedata.normalize("NFD", s)
                if unicodedata.category(c) != "Mn")
    return " ".join(s.lower().split())


def communes_write(out, n):
    """n communes' committees and their offices; each commune's list of
    agency codes, its own offices."""
    offices = []
    with open(os.path.join(out, "committees.tsv"), "w") as fc, \
            open(os.path.join(out, "commune_agencies.tsv"), "w") as fa:
        for i in range(1, n + 1):
            code = f"C{i:04d}"
            fc.write(f"{code}\tBan Chỉ đạo xã Bench {i:04d}\tcommune\t"
                     f"TINH\t{1000 + i}\n")
            own = []
            for suffix, name, kind in (
                    ("VP", "Văn phòng HĐND và UBND", "other"),
                    ("VHXH", "Phòng Văn hóa - Xã hội", "department"),
                    ("KT", "Phòng Kinh tế", "department")):
                a = f"{code}_{suffix}"
                fa.write(f"{a}\t{name} xã Bench {i:04d}\t{kind}\t{code}"
                         f"\t{100000 + 3 * i + len(own)}\n")
                own.append(a)
            offices.append(own)
    return offices


def seed_names():
    """The seed tasks' names, or None unless BENCH_NAMES=seeds."""
    if os.environ.get("BENCH_NAMES", "words") != "seeds":
        return None
    import csv
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                        "..", "..", "schema", "demo", "seed-tasks.csv")
    with open(path, encoding="utf-8") as f:
        return [r["name"] for r in csv.DictReader(f)]


def seed_name(rnd, names, y):
    """A seed task's name, most often with the document it carries out."""
    name = rnd.choice(names)
    if rnd.random() < 0.6:
        doc = rnd.choice(["Kế hoạch", "Quyết định", "Công văn"])
        code = {"Kế hoạch": "KH", "Quyết định": "QĐ",
                "Công văn": "UBND-KGVX"}[doc]
        name += (f" theo {doc} số {rnd.randint(1, 3000)}/{code}"
                 f"{'-UBND' if code != 'UBND-KGVX' else ''} ngày "
                 f"{rnd.randint(1, 28)}/{rnd.randint(1, 12)}/{y - 1}")
    return name


def tsv(v):
    if v is None:
        return "\\N"
    return str(v).replace("\\", "\\\\").replace("\t", " ").replace("\n", " ")


def main():
    out, ntasks, nreports, first = (sys.argv[1], int(sys.argv[2]),
                                    int(sys.argv[3]), int(sys.argv[4]))
    ncommunes = int(sys.argv[5]) if len(sys.argv) > 5 else 0
    communes = communes_write(out, ncommunes)
    # The province's today, as the server computes overdue work.
    today = datetime.datetime.now(zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")) \
        .date()
    year = today.year
    rnd = random.Random(57)
    names = seed_names()
    years = [year - 4, year - 3, year - 2, year - 1, year]
    tasks = []
    with open(os.path.join(out, "tasks.tsv"), "w") as ft, \
            open(os.path.join(out, "coords.tsv"), "w") as fc:
        for i in range(ntasks):
            tid = first + i
            y = years[i * len(years) // ntasks]
            pool = AGENCIES
            if communes and rnd.random() < 1 / 3:
                pool = rnd.choice(communes)  # a commune's own offices
            lead = rnd.choice(pool)
            r = rnd.random()
            kind = ("breakthrough" if r < 0.8 else
                    "directive" if r < 0.9995 else "database")
            deadline = datetime.date(y, rnd.randint(1, 12), rnd.randint(1, 28))
            if y == year and deadline > today + datetime.timedelta(days=38):
                deadline = today + datetime.timedelta(days=rnd.randint(1, 38))
            r = rnd.random()
            if y < year:
                status = ("completed" if r < 0.93 else
                          "cancelled" if r < 0.995 else "in_program")
            else:
                # By November most of the year's work is in the programme;
                # a few registrations still wait, due later.
                status = rnd.choice(["draft", "submitted", "approved",
                                     "returned"] + ["in_program"] * 12 +
                                    ["completed"] * 4)
                if status in ("draft", "submitted", "approved", "returned"):
                    deadline = max(deadline, today + datetime.timedelta(
                        days=rnd.randint(1, 38)))
                # This year's unfinished work is mostly not yet due.
                if status == "in_program" and deadline < today and \
                        rnd.random() < 0.97:
                    deadline = today + datetime.timedelta(
                        days=rnd.randint(1, 38))
            completed = None
            if status == "completed":
                completed = deadline + datetime.timedelta(
                    days=rnd.randint(-60, 20))
                completed = min(completed, today)
            accepted = status in ("in_program", "completed")
            if names:
                name = seed_name(rnd, names, y)
            else:
                name = " ".join(rnd.choice(WORDS) for _ in
                                range(rnd.randint(8, 16))).capitalize()
            budget = rnd.choice([None, rnd.randint(1, 5000) * 1000000])
            fields = ",".join(sorted(rnd.sample(FIELDS, rnd.randint(1, 2)),
                                     key=FIELDS.index))
            tasks.append((tid, y, status, deadline, accepted))
            ft.write("\t".join(tsv(v) for v in (
                tid, y, kind, fields, name, fold(name), "Trưởng phòng",
                lead, "Sản phẩm dự kiến", budget, "", "Mục tiêu đo được",
                deadline, deadline if accepted else None, status, completed,
                None, None, None, 1, "bench", f"{y}-01-15 08:00:00",
                f"{y}-01-15 08:00:00")) + "\n")
            for c in rnd.sample([a for a in pool if a != lead],
                                rnd.randint(0, 2)):
                fc.write(f"{tid}\t{c}\n")
    # Reports: monthly, for accepted tasks, from their year's start on.
    accepted = [t for t in tasks if t[4]]
    per_task = max(1, nreports // max(1, len(accepted)))
    progress = {}
    n = 0
    with open(os.path.join(out, "reports.tsv"), "w") as fr:
        rid = first * 20
        for tid, y, status, deadline, _ in accepted:
            start = datetime.date(y, 1, 1)
            months = []
            m = start
            while m <= today and len(months) < per_task + 2:
                months.append(m.strftime("%Y-%m"))
                m = (m.replace(day=28) + datetime.timedelta(days=4)) \
                    .replace(day=1)
            months = months[:per_task]
            pct = 0
            for i, period in enumerate(months):
                if n >= nreports:
                    break
                pct = min(100, pct + rnd.randint(3, 15))
                health = rnd.choice(["on_track", "on_track", "at_risk",
                                     "delayed"])
                st = "approved" if i < len(months) - 1 else rnd.choice(
                    ["approved", "submitted", "draft"])
                rid += 1
                n += 1
                fr.write("\t".join(tsv(v) for v in (
                    rid, tid, period, pct, health, "Công việc đã làm",
                    "Kết quả đạt được", "", "", "", st, 1, "bench",
                    f"{period}-25 08:00:00", f"{period}-25 08:00:00")) + "\n")
                if st == "approved":
                    progress[tid] = (period, pct, health)
    with open(os.path.join(out, "progress.tsv"), "w") as fp:
        for tid, (period, pct, health) in progress.items():
            fp.write(f"{tid}\t{period}\t{pct}\t{health}\n")
    print(f"gen_data: {ntasks} tasks, {n} reports, "
          f"{len(progress)} tasks with progress", file=sys.stderr)


if __name__ == "__main__":
    main()
