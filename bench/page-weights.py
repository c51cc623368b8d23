#!/usr/bin/env python3
"""Compressed page weights of the site's main pages on the demo data (issue 17 item 4).

Usage: bench/page-weights.py BASE_URL PASSWORD ORGANIZER_EMAIL JUDGE_EMAIL STUDENT_EMAIL
against a site started on a database filled by `seed-demo`. Each page is fetched three times in the same run from the
same server: without Accept-Encoding (what the site sent before compression: identity), with `br` and with `gzip`;
the bytes counted are the response body as it crossed the wire. Prints a markdown table.
"""
import re
import sys

import requests

base, password, organizer, judge, student = sys.argv[1:6]


def login(email):
    s = requests.Session()
    page = s.get(base + "/account/login").text
    token = re.search(r'name="__RequestVerificationToken" type="hidden" value="([^"]+)"', page) or re.search(r'value="([^"]+)" name="__RequestVerificationToken"', page)
    for cookie in s.cookies:
        cookie.secure = False
    r = s.post(base + "/account/login", data={"Email": email, "Password": password, "__RequestVerificationToken": token.group(1)}, allow_redirects=False)
    assert r.status_code == 302, (email, r.status_code)
    for cookie in s.cookies:
        cookie.secure = False  # the site marks its cookies Secure; this measures over plain HTTP on localhost
    return s


def first(pattern, text, what):
    m = re.search(pattern, text)
    if not m:
        raise SystemExit(f"not found: {what}")
    return m.group(1)


anon = requests.Session()
org = login(organizer)
jud = login(judge)
stu = login(student)

home = anon.get(base + "/").text
slugs = re.findall(r'href="/lomba/([a-z0-9-]+)"', home)
published = next(s for s in dict.fromkeys(slugs) if anon.get(f"{base}/lomba/{s}/pemenang").status_code == 200)
open_slug = next(s for s in dict.fromkeys(slugs) if s != published)
winners = anon.get(f"{base}/lomba/{published}/pemenang").text
certificate = first(r'href="(/sertifikat/[^"/]+)"', winners, "certificate link") if "/sertifikat/" in winners else None
admin = org.get(base + "/admin").text
competition = first(r'href="/admin/competitions/(\d+)/statistics"', admin, "competition id")
judge_home = jud.get(base + "/judge").text
queue = first(r'href="(/judge/competitions/\d+)"', judge_home, "judge queue")
entry_code = first(r'href="(/judge/entries/[^"]+)"', jud.get(base + queue).text, "judge entry")
mine = stu.get(base + "/entries").text
entry = first(r'href="(/entries/\d+)"', mine, "student entry")

pages = [
    ("Home", anon, "/"),
    ("Competition (open)", anon, f"/lomba/{open_slug}"),
    ("Winners", anon, f"/lomba/{published}/pemenang"),
    ("Certificate check", anon, certificate or "/sertifikat"),
    ("My entries (student)", stu, "/entries"),
    ("Entry (student)", stu, entry),
    ("Judge queue", jud, queue),
    ("Scoring page (judge)", jud, entry_code),
    ("Dashboard (organizer)", org, "/admin"),
    ("Entries list (organizer)", org, f"/admin/entries?competition={competition}"),
    ("Results (organizer)", org, f"/admin/competitions/{competition}/results"),
    ("Outbox (organizer)", org, "/admin/outbox"),
]


def wire_bytes(session, path, encoding):
    headers = {"Accept-Encoding": encoding} if encoding else {"Accept-Encoding": "identity"}
    r = session.get(base + path, headers=headers, stream=True, allow_redirects=False)
    body = r.raw.read(decode_content=False)
    assert r.status_code == 200, (path, r.status_code)
    return len(body), r.headers.get("Content-Encoding", "identity")


print("| page | path | uncompressed | Brotli | gzip | Brotli / uncompressed |")
print("| --- | --- | ---: | ---: | ---: | ---: |")
total = [0, 0, 0]
for name, session, path in pages:
    plain, _ = wire_bytes(session, path, None)
    br, enc_br = wire_bytes(session, path, "br")
    gz, enc_gz = wire_bytes(session, path, "gzip")
    assert enc_br == "br" and enc_gz == "gzip", (path, enc_br, enc_gz)
    total = [total[0] + plain, total[1] + br, total[2] + gz]
    shown = "/sertifikat/{number}" if "sertifikat/" in path else re.sub(r"/K-[A-Z0-9]+$", "/{code}", re.sub(r"(/|=)\d+", r"\1{id}", path))
    print(f"| {name} | `{shown}` | {plain:,} | {br:,} | {gz:,} | {br / plain:.1%} |")
print(f"| **all {len(pages)}** | | {total[0]:,} | {total[1]:,} | {total[2]:,} | {total[1] / total[0]:.1%} |")
