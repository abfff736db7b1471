"""Benchmark of Peixun's PDF transcripts. Prints, in one run:

1. median time and size of one two-page Chinese transcript through ``records`` (template, QR code,
   PDF/A-3b + JSON attachment, hash, atomic write, database row) next to a bare WeasyPrint render
   (``HTML(string=...).write_pdf(stylesheets=[CSS(filename=...)])``, defaults) of the very same HTML and
   stylesheet, and next to a bare render tuned like ``records.pdf`` (one FontConfiguration, stylesheet
   parsed once, cyclic GC paused), which shows what our own steps cost;
2. the time of a cached re-export (unchanged input: no rendering), and the one-page 上岗证 (certificate)
   through ``records`` beside the transcript: median time and size;
3. throughput of a bulk export of N transcripts by a real Celery worker with one and two processes,
   and the peak resident memory (VmHWM) of the worker processes.

Runs on a throwaway SQLite database and folder; the Celery broker is Redis
(``BENCH_BROKER``, default redis://127.0.0.1:6379/13) on a queue of its own.

    python bench/pdf_render.py [--n 1000] [--samples 15]

``--n 0`` measures only part 1 (no Redis or worker needed).
"""

import argparse
import datetime
import gc
import os
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VAR = Path(tempfile.mkdtemp(prefix="peixun-records-bench-"))
QUEUE = f"bench-{uuid.uuid4().hex[:8]}"
ENV = {
    "DJANGO_SETTINGS_MODULE": "lms.settings.dev",
    "DEBUG": "False",
    "PEIXUN_VAR_DIR": str(VAR),
    "CELERY_BROKER_URL": os.environ.get("BENCH_BROKER", "redis://127.0.0.1:6379/13"),
    "CELERY_TASK_DEFAULT_QUEUE": QUEUE,
    "RECORDS_EXPORT_CHUNK": "25",
}
os.environ.update(ENV)
sys.path.insert(0, str(ROOT))

import django  # noqa: E402

django.setup()

import weasyprint  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402
from weasyprint.text.fonts import FontConfiguration  # noqa: E402

from certification.models import Certificate, CertificateSource, Program  # noqa: E402
from evidence.models import EventKind, EventSource, TrainingEvent  # noqa: E402
from lms.celery import app as celery_app  # noqa: E402
from people.models import Branch, Hall, Staff  # noqa: E402
from people.posts import Post  # noqa: E402
from records.certificates import certificate_spec  # noqa: E402
from records.documents import transcript_specs  # noqa: E402
from records.models import ExportJob, JobStatus, VerifiedDocument  # noqa: E402
from records.pdf import STYLESHEET, stylesheet  # noqa: E402
from records.services import document_html, document_render  # noqa: E402
from records.tasks import export_job_start  # noqa: E402
from records.verify import code_new  # noqa: E402

YEAR = 2026
START, END = datetime.date(YEAR, 1, 1), datetime.date(YEAR, 12, 31)
TOPICS = [
    "服务礼仪：迎送与服务忌语",
    "投诉处理四步法与首问负责制",
    "仪容仪表规范",
    "客户信息安全与保密",
    "新业务：5G 套餐受理要点",
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"


def seed(n: int) -> Hall:
    branch = Branch.objects.create(code="BB", name="基准分公司")
    hall = Hall.objects.create(code="BH", name="基准营业厅", branch=branch)
    Staff.objects.bulk_create(
        Staff(
            staff_no=f"B{i:05d}",
            name=f"{SURNAMES[i % len(SURNAMES)]}晓{'梅兰竹菊'[i % 4]}{i}",
            hall=hall,
            post=Post.COUNTER,
            hired_on=datetime.date(2020, 1, 1),
        )
        for i in range(n + 40)
    )
    tz = timezone.get_default_timezone()
    events = []
    for staff in Staff.objects.filter(hall=hall):
        for week in range(34):  # 34 weekly events: two A4 pages with the header block
            day = START + datetime.timedelta(days=7 * week + 2)
            events.append(
                TrainingEvent(
                    staff=staff,
                    kind=EventKind.WEEKLY,
                    occurred_at=datetime.datetime.combine(day, datetime.time(9), tzinfo=tz),
                    source=EventSource.QUIZ,
                    source_ref=f"bench:{week}",
                    topic=TOPICS[week % len(TOPICS)],
                    score=60 + (week * 7 + staff.pk) % 41,
                )
            )
    TrainingEvent.objects.bulk_create(events, batch_size=5000)
    return hall


def certificates_of(people: list[Staff]) -> list[Certificate]:
    """One 综合受理 certificate per person (numbers as the service gives them)."""
    program = Program.objects.create(code="BENCH", name="综合受理上岗认证")
    Certificate.objects.bulk_create(
        Certificate(
            number=f"SG-2026-{staff.pk:06d}",
            program=program,
            staff=staff,
            issued_on=datetime.date(2026, 3, 2),
            expires_on=datetime.date(2028, 3, 1),
            source=CertificateSource.EARNED,
        )
        for staff in people
    )
    return list(Certificate.objects.filter(program=program).select_related("program", "staff__hall").order_by("pk"))


def timed(fn) -> tuple[float, float, object]:
    """Return wall seconds, CPU seconds of this process, and the result of ``fn()``."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def interleaved(cases: dict, samples: int) -> dict[str, tuple[float, float, object]]:
    """Median wall and CPU time of each case, run in turns so that a load spike hits all of them."""
    runs = {name: [] for name in cases}
    for i in range(samples):
        for name, fn in cases.items():
            runs[name].append(timed(lambda fn=fn, i=i: fn(i)))
    return {
        name: (statistics.median(r[0] for r in rs), statistics.median(r[1] for r in rs), rs[-1][2])
        for name, rs in runs.items()
    }


def pages_of(path: Path) -> int:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    return int(next(line.split()[-1] for line in out.splitlines() if line.startswith("Pages:")))


def descendants(pids: list[int]) -> list[int]:
    """Return ``pids`` and all their descendant processes (from /proc)."""
    parent = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parent[int(stat.parent.name)] = int(fields[1])
    found, todo = [], list(pids)
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo += [child for child, ppid in parent.items() if ppid == pid]
    return found


def peak_rss_mb(pid: int) -> float:
    """Peak resident set size (VmHWM) of a live process, in MB; 0 if it is gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    return next((int(line.split()[1]) / 1024 for line in status.splitlines() if line.startswith("VmHWM:")), 0.0)


def bare(html: str) -> bytes:
    """A bare WeasyPrint render of the same document: the stylesheet parsed per render, default settings."""
    return weasyprint.HTML(string=html).write_pdf(stylesheets=[weasyprint.CSS(filename=STYLESHEET)])


def bare_tuned(html: str, font_config: FontConfiguration) -> bytes:
    """A bare render with the process-level tunings of ``records.pdf``: shared fonts, stylesheet parsed once,
    GC paused."""
    gc.disable()
    try:
        return weasyprint.HTML(string=html).write_pdf(stylesheets=[stylesheet()], font_config=font_config)
    finally:
        gc.enable()
        gc.collect(0)


CHILD_CPU = [0.0]  # CPU seconds of waited-for children so far (subprocesses before the bulk runs)


def bulk(hall: Hall, n: int, concurrency: int) -> tuple[float, float, float, float]:
    """Wall seconds, worker CPU seconds, mean load and the largest worker peak RSS (MB) for a Celery export
    job of the first ``n`` people."""
    VerifiedDocument.objects.all().delete()
    shutil.rmtree(VAR / "records", ignore_errors=True)
    ids = list(Staff.objects.filter(hall=hall).order_by("pk").values_list("pk", flat=True)[:n])
    Staff.objects.filter(hall=hall).exclude(pk__in=ids).update(
        hall=Hall.objects.get_or_create(code="BX", defaults={"name": "其他", "branch": hall.branch})[0]
    )
    log = open(VAR / f"worker-{concurrency}.log", "w")
    # ``concurrency`` worker processes, each in its own session: with the kernel's autogroup scheduling a
    # prefork pool shares one CPU slot with its parent, which on a busy machine hides any parallelism.
    workers = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "lms",
                "worker",
                "-Q",
                QUEUE,
                "--concurrency=1",
                "-n",
                f"bench{k}@%h",
            ]
            + ["-l", "WARNING"],
            cwd=ROOT,
            env={**os.environ, **ENV},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        for k in range(concurrency)
    ]
    try:
        time.sleep(5)  # let the workers connect and fork before the clock starts
        user, _ = get_user_model().objects.get_or_create(username="bench")
        job = ExportJob.objects.create(created_by=user, hall=hall, year=YEAR)
        t = time.perf_counter()
        loads = []
        export_job_start.delay(job.pk)
        while True:
            job.refresh_from_db()
            if job.status == JobStatus.DONE:
                wall = time.perf_counter() - t
                break
            loads.append(os.getloadavg()[0])
            time.sleep(0.1)
        rss = max(peak_rss_mb(pid) for pid in descendants([w.pid for w in workers]))
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()
        log.close()
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = usage.ru_utime + usage.ru_stime - CHILD_CPU[0]
    CHILD_CPU[0] += cpu
    return wall, cpu, statistics.mean(loads or [0]), rss


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=1000, help="transcripts in the bulk export (0: skip it)")
    parser.add_argument("--samples", type=int, default=15)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    hall = seed(args.n)
    celery_app.conf.task_always_eager = False
    celery_app.conf.task_default_queue = QUEUE

    people = list(
        Staff.objects.filter(hall=hall).select_related("hall", "hall__branch").order_by("pk")[: args.samples + 1]
    )
    specs = transcript_specs(people, start=START, end=END)
    # Each sample renders another person: re-rendering one identical page would flatter the bare render.
    htmls = [document_html(spec, code=code_new(), generated_at=timezone.localtime()) for spec in specs]
    font_config = FontConfiguration()
    bare(htmls[-1])  # warm-up: font configuration, caches
    bare_tuned(htmls[-1], font_config)
    document_render(specs[-1])
    cert_specs = [certificate_spec(c) for c in certificates_of(people)]
    document_render(cert_specs[-1])

    results = interleaved(
        {
            "bare": lambda i: bare(htmls[i]),
            "tuned": lambda i: bare_tuned(htmls[i], font_config),
            "ours": lambda i: document_render(specs[i]),
            "cached": lambda i: document_render(specs[-1]),
            "certificate": lambda i: document_render(cert_specs[i]),
        },
        args.samples,
    )
    (bare_w, bare_c, bare_pdf), (tuned_w, tuned_c, tuned_pdf), (ours_w, ours_c, _), (cached_w, cached_c, _) = (
        results["bare"],
        results["tuned"],
        results["ours"],
        results["cached"],
    )
    docs = list(VerifiedDocument.objects.filter(kind="transcript", staff__in=people[: args.samples]))
    ours_size = statistics.median(d.size for d in docs)
    print(
        f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cpus (wall time suffers from load; CPU time less)"
    )
    print(
        f"two-page transcript ({pages_of(docs[0].file_path)} pages, {len(specs[0].data['events'])} events), median of {args.samples}:"
    )
    print("                                              wall ms   cpu ms    size")
    print(
        f"  bare WeasyPrint (same HTML+CSS, defaults): {bare_w * 1000:7.1f}  {bare_c * 1000:7.1f}  {len(bare_pdf) / 1024:5.1f} KB"
    )
    print(
        f"  bare, tuned like records.pdf:              {tuned_w * 1000:7.1f}  {tuned_c * 1000:7.1f}  {len(tuned_pdf) / 1024:5.1f} KB"
    )
    print(
        f"  records.document_render (PDF/A-3b+JSON):   {ours_w * 1000:7.1f}  {ours_c * 1000:7.1f}  {ours_size / 1024:5.1f} KB"
    )
    print(f"  cached re-render (unchanged input):        {cached_w * 1000:7.2f}  {cached_c * 1000:7.2f}")
    cert_w, cert_c, _ = results["certificate"]
    certs = list(VerifiedDocument.objects.filter(kind="certificate", staff__in=people[: args.samples]))
    cert_size = statistics.median(d.size for d in certs)
    print(
        f"  上岗证 certificate ({pages_of(certs[0].file_path)} page, landscape):    "
        f"{cert_w * 1000:7.1f}  {cert_c * 1000:7.1f}  {cert_size / 1024:5.1f} KB  (goal 200 ms, 60 KB)",
        flush=True,
    )
    if args.n == 0:
        return
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    CHILD_CPU[0] = usage.ru_utime + usage.ru_stime
    one, one_cpu, one_load, one_rss = bulk(hall, args.n, 1)
    two, two_cpu, two_load, two_rss = bulk(hall, args.n, 2)
    print(f"bulk export of {args.n} transcripts to one ZIP (Celery worker, chunks of {ENV['RECORDS_EXPORT_CHUNK']}):")
    print(
        f"  1 worker process:   {one:7.1f} s  {args.n / one:5.1f}/s  worker CPU {one_cpu / args.n * 1000:5.0f} ms each"
        f"  (mean load {one_load:.1f})  peak RSS {one_rss:.0f} MB"
    )
    print(
        f"  2 worker processes: {two:7.1f} s  {args.n / two:5.1f}/s  worker CPU {two_cpu / args.n * 1000:5.0f} ms each"
        f"  (mean load {two_load:.1f})  peak RSS {two_rss:.0f} MB per process"
        f"  speed-up {one / two:.2f}x on {os.cpu_count()} cpus"
    )
    with open(os.devnull, "w") as devnull:
        t = time.perf_counter()
        call_command("export_records", hall="BH", year=YEAR, out=VAR / "cmd", zip=True, stdout=devnull)
    print(f"cached re-export of the same {args.n} (export_records --zip): {time.perf_counter() - t:.2f} s")


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # run the clean-up below on kill
    try:
        main()
    finally:
        shutil.rmtree(VAR, ignore_errors=True)
