"""Benchmark: `acctexit-tui discover` on a 100,000-message SMS Backup & Restore file.

    python benchmarks/discover.py [--messages 100000] [--runs 3]

Generates, in a temporary folder, a backup shaped like the app's real output (every
attribute SMS Backup & Restore writes, bodies of 65-130 characters; about 60 MB at
100,000 messages) and a 10,000-message one, then runs the real command line on each in a
fresh process (`python -m acctexit --db … discover FILE --format json`) and reports:

- wall time of the whole process (start-up, catalog, reading, matching, output);
- the time inside discover alone, measured in the child;
- peak memory of the process (ru_maxrss), at 10,000 and at 100,000 messages: streaming
  means the two are close, whatever the file's size.

The target (issue 21): under 5 s at 100,000 messages, with bounded memory. The catalog
used is the shipped one plus twelve SMS signatures (where it lacks them), so matching
does real work.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from xml.sax.saxutils import quoteattr

SIGNATURES = [
    "支付宝", "京东", "腾讯科技", "淘宝网", "美团", "抖音", "小红书", "知乎",
    "铁路12306", "建设银行", "工商银行", "滴滴出行", "某停车", "某课堂", "会员中心",
]  # fmt: skip
FILLER = (
    "您的账户于今日完成登录操作如非本人操作请及时修改密码并联系客服谢谢配合祝您生活愉快"
    "本次验证仅用于身份确认请勿将验证码告知任何人包括自称客服的人员以免造成财产损失"
    "更多服务请下载官方应用或访问官方网站查询"
)

# The child: runs the real CLI in-process with the benchmark catalog and reports timings.
CHILD = r"""
import io, json, resource, sys, time
t0 = time.perf_counter()
import msgspec
from acctexit.commands import context
from acctexit.catalog import load_catalog
from acctexit.domain.models import Confidence, SmsSignature
SIGS = {"alipay": "支付宝", "jd": "京东", "taobao": "淘宝网", "meituan": "美团",
        "douyin": "抖音", "xiaohongshu": "小红书", "zhihu": "知乎", "railway12306": "铁路12306",
        "ccb": "建设银行", "icbc": "工商银行", "didi": "滴滴出行"}
real = load_catalog()
platforms = dict(real.platforms)
for pid, sig in SIGS.items():
    if pid in platforms and not platforms[pid].sms:
        platforms[pid] = msgspec.structs.replace(
            platforms[pid], sms=(SmsSignature(sig, Confidence.HIGH),))
for pid, word in (("wechat", "微信"), ("qq", "QQ")):
    if pid in platforms and not platforms[pid].sms:
        platforms[pid] = msgspec.structs.replace(
            platforms[pid], sms=(SmsSignature("腾讯科技", Confidence.HIGH, (word,)),))
catalog = msgspec.structs.replace(real, platforms=platforms)
context.Context.load_catalog = lambda self, use_stored=True: catalog
from acctexit.cli import main
out = io.StringIO()
sys.stdout = out
t1 = time.perf_counter()
code = main(sys.argv[1:])
t2 = time.perf_counter()
sys.stdout = sys.__stdout__
doc = json.loads(out.getvalue())
print(json.dumps({"code": code, "discover_s": t2 - t1, "total_in_child_s": t2 - t0,
                  "maxrss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                  "messages_read": doc["messages_read"], "platforms": len(doc["platforms"]),
                  "unknown_senders": len(doc["unknown_senders"])}))
"""


def generate(path: Path, messages: int, seed: int = 1) -> int:
    """Write a backup of `messages` messages; returns its size in bytes."""
    rng = random.Random(seed)
    start = datetime(2019, 1, 1, tzinfo=UTC)
    with open(path, "w", encoding="utf-8") as f:
        f.write("<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n")
        f.write('<?xml-stylesheet type="text/xsl" href="sms.xsl"?>\n')
        f.write(f'<smses count="{messages}" backup_set="bench" backup_date="1733400000000">\n')
        for i in range(messages):
            when = start + timedelta(seconds=rng.randrange(0, 6 * 365 * 86400))
            ms = int(when.timestamp() * 1000)
            sig = rng.choice(SIGNATURES)
            filler = FILLER[: rng.randrange(60, len(FILLER))]
            if rng.random() < 0.6:
                body = f"【{sig}】验证码{rng.randrange(100000, 999999)}，{filler}"
            elif rng.random() < 0.5:
                body = f"{filler}，回T退订【{sig}】"
            else:
                body = f"{filler}{rng.randrange(10, 99)}元"
            if rng.random() < 0.1 and sig == "腾讯科技":
                body += rng.choice(("微信", "QQ"))
            address = f"106{rng.randrange(10**8, 10**9)}"
            kind = "1" if rng.random() < 0.9 else "2"
            readable = when.strftime("%b %d, %Y %H:%M:%S")
            f.write(
                f'  <sms protocol="0" address="{address}" date="{ms}" type="{kind}" '
                f'subject="null" body={quoteattr(body)} toa="null" sc_toa="null" '
                f'service_center="+8613800100500" read="1" status="-1" locked="0" '
                f'date_sent="{ms - 3000}" sub_id="1" readable_date="{readable}" '
                f'contact_name="(Unknown)" />\n'
            )
            if i % 5000 == 4999:  # an MMS now and then, with child elements
                f.write(
                    f'  <mms date="{ms}" msg_box="1" address="{address}" m_type="132">'
                    '<parts><part seq="0" ct="text/plain" text="图片消息" /></parts>'
                    '<addrs><addr address="10690000" type="137" charset="106" /></addrs></mms>\n'
                )
        f.write("</smses>\n")
    return path.stat().st_size


def run_child(folder: Path, backup: Path) -> dict[str, float]:
    db = folder / "bench.sqlite3"  # never created: discover without --add only reads
    argv = ["--db", str(db), "--lang", "en", "discover", str(backup), "--format", "json"]
    t0 = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", CHILD, *argv], capture_output=True, text=True, check=True
    )
    wall = time.perf_counter() - t0
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    result["wall_s"] = wall
    assert result["code"] == 0, done.stderr
    assert not db.exists(), "discover without --add must not create the database"
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="acctexit-bench-discover-") as tmp:
        folder = Path(tmp)
        small, big = folder / "sms-10k.xml", folder / "sms-big.xml"
        small_size = generate(small, 10_000)
        big_size = generate(big, args.messages)
        small_runs = [run_child(folder, small) for _ in range(args.runs)]
        big_runs = [run_child(folder, big) for _ in range(args.runs)]

    def med(runs: list[dict[str, float]], key: str) -> float:
        return statistics.median(r[key] for r in runs)

    def span(runs: list[dict[str, float]], key: str) -> str:
        values = [r[key] for r in runs]
        return f"{min(values):.2f}–{max(values):.2f}"

    wall = med(big_runs, "wall_s")
    report = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}",
        "messages": args.messages,
        "file_mb": round(big_size / 1e6, 1),
        "messages_read": big_runs[0]["messages_read"],
        "platforms": big_runs[0]["platforms"],
        "unknown_senders": big_runs[0]["unknown_senders"],
        "wall_s": f"{wall:.2f} ({span(big_runs, 'wall_s')})",
        "discover_s": f"{med(big_runs, 'discover_s'):.2f} ({span(big_runs, 'discover_s')})",
        "peak_mib": round(med(big_runs, "maxrss_kib") / 1024, 1),
        "peak_mib_10k": round(med(small_runs, "maxrss_kib") / 1024, 1),
        "file_mb_10k": round(small_size / 1e6, 1),
        "wall_s_10k": f"{med(small_runs, 'wall_s'):.2f}",
        "target": "< 5 s",
        "status": "met" if wall < 5 else "missed",
    }
    print(json.dumps(report, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
