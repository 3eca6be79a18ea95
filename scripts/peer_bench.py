#!/usr/bin/env python3
"""Peer benchmark for EntenteText: Loro (loro==1.17.1) and Yrs (pycrdt==0.14.13) on the same
editing traces and with the same methodology as `text-bench`:

- apply_ms: all patches applied as local edits (best of --iterations runs); sequential traces.
- merge_ms: concurrent traces: the per-txn updates produced by one replica per agent (following
  the `parents` graph) merged into a fresh document (best of runs).
- state_bytes: Loro snapshot / Yrs full update (`get_update()`) of the final document.
- load_ms: time to load that state into a fresh document.
- peak_kb: peak RSS increase while applying (VmHWM after, minus VmRSS before; malloc_trim and
  a /proc/self/clear_refs reset first), KiB.

Each (trace, peer) pair runs in a fresh Python process (clean peak-memory figures).
Prints one JSON object {"loro": {trace: {...}}, "yrs": {...}} on stdout (and to --out).
Traces: shared/data/editing-traces (README.md there credits the authors, CC BY 4.0).
"""
import argparse
import ctypes
import gc
import gzip
import json
import os
import subprocess
import sys
import time

import loro
import pycrdt

SEQUENTIAL = ["automerge-paper", "seph-blog1", "sveltecomponent", "rustcode",
              "friendsforever_flat", "clownschool_flat", "json-crdt-patch", "json-crdt-blog-post"]
CONCURRENT = ["friendsforever", "clownschool"]

_libc = ctypes.CDLL("libc.so.6")


def kib(field):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def settle():
    gc.collect()
    _libc.malloc_trim(0)
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass
    return kib("VmRSS")


def load(directory, name, concurrent=False):
    path = os.path.join(directory, "concurrent" if concurrent else "", name + ".json.gz")
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return json.load(f)


def byte_patches(txns):
    """Scalar positions -> UTF-8 byte offsets (pycrdt's Text counts UTF-8 bytes)."""
    ascii_only = all(all(p[2].isascii() for p in t["patches"]) for t in txns)
    if ascii_only:
        return [t["patches"] for t in txns]
    doc = ""
    out = []
    for t in txns:
        converted = []
        for pos, dl, ins in t["patches"]:
            prefix = doc[:pos]
            b = len(prefix.encode("utf-8")) if not prefix.isascii() else pos
            deleted = doc[pos:pos + dl]
            bd = len(deleted.encode("utf-8")) if not deleted.isascii() else dl
            converted.append((b, bd, ins))
            doc = prefix + ins + doc[pos + dl:]
        out.append(converted)
    return out


# MARK: - Loro

def loro_sequential(trace, iterations):
    best = float("inf")
    peak = 0
    doc = None
    for i in range(iterations):
        base = settle()
        d = loro.LoroDoc()
        text = d.get_text("text")
        start = time.perf_counter()
        for t in trace["txns"]:
            for pos, dl, ins in t["patches"]:
                if dl:
                    text.delete(pos, dl)
                if ins:
                    text.insert(pos, ins)
        d.commit()
        elapsed = time.perf_counter() - start
        if i == 0:
            peak = kib("VmHWM") - base
        best = min(best, elapsed)
        doc = d
    return doc, best * 1000, peak


def loro_state(doc, iterations):
    state = doc.export(loro.ExportMode.Snapshot())
    best = float("inf")
    text = None
    for _ in range(iterations):
        start = time.perf_counter()
        d = loro.LoroDoc()
        d.import_(state)
        text = d.get_text("text").to_string()
        best = min(best, time.perf_counter() - start)
    return len(state), best * 1000, text


def loro_concurrent(trace, iterations):
    n = trace["numAgents"]
    replicas = [loro.LoroDoc() for _ in range(n)]
    applied = [set() for _ in range(n)]
    updates = []
    for index, t in enumerate(trace["txns"]):
        g = t["agent"]
        missing, stack = [], list(t["parents"])
        while stack:
            p = stack.pop()
            if p in applied[g]:
                continue
            applied[g].add(p)
            missing.append(p)
            stack.extend(trace["txns"][p]["parents"])
        for p in sorted(missing):
            replicas[g].import_(updates[p])
        vv = replicas[g].oplog_vv
        text = replicas[g].get_text("text")
        for pos, dl, ins in t["patches"]:
            if dl:
                text.delete(pos, dl)
            if ins:
                text.insert(pos, ins)
        replicas[g].commit()
        updates.append(replicas[g].export(loro.ExportMode.Updates(vv)))
        applied[g].add(index)
    best, peak, doc = float("inf"), 0, None
    for i in range(iterations):
        base = settle()
        d = loro.LoroDoc()
        start = time.perf_counter()
        for u in updates:
            d.import_(u)
        best = min(best, time.perf_counter() - start)
        if i == 0:
            peak = kib("VmHWM") - base
        doc = d
    # Loro is much faster when given all updates at once; reported as merge_batch_ms.
    batch = float("inf")
    for _ in range(iterations):
        d = loro.LoroDoc()
        start = time.perf_counter()
        d.import_batch(updates)
        batch = min(batch, time.perf_counter() - start)
    return doc, best * 1000, peak, batch * 1000


# MARK: - Yrs (pycrdt)

def yrs_sequential(trace, iterations, patches):
    best, peak, doc = float("inf"), 0, None
    for i in range(iterations):
        base = settle()
        d = pycrdt.Doc()
        text = pycrdt.Text()
        d["text"] = text
        start = time.perf_counter()
        for txn in patches:
            with d.transaction():
                for pos, dl, ins in txn:
                    if dl:
                        del text[pos:pos + dl]
                    if ins:
                        text.insert(pos, ins)
        elapsed = time.perf_counter() - start
        if i == 0:
            peak = kib("VmHWM") - base
        best = min(best, elapsed)
        doc = d
    return doc, best * 1000, peak


def yrs_state(doc, iterations):
    state = doc.get_update()
    best, text = float("inf"), None
    for _ in range(iterations):
        start = time.perf_counter()
        d = pycrdt.Doc()
        d.apply_update(state)
        t = d.get("text", type=pycrdt.Text)
        text = str(t)
        best = min(best, time.perf_counter() - start)
    return len(state), best * 1000, text


def yrs_concurrent(trace, iterations):
    n = trace["numAgents"]
    replicas = []
    for _ in range(n):
        d = pycrdt.Doc()
        d["text"] = pycrdt.Text()
        replicas.append(d)
    applied = [set() for _ in range(n)]
    updates = []
    for index, t in enumerate(trace["txns"]):
        g = t["agent"]
        missing, stack = [], list(t["parents"])
        while stack:
            p = stack.pop()
            if p in applied[g]:
                continue
            applied[g].add(p)
            missing.append(p)
            stack.extend(trace["txns"][p]["parents"])
        for p in sorted(missing):
            replicas[g].apply_update(updates[p])
        d = replicas[g]
        before = d.get_state()
        text = d.get("text", type=pycrdt.Text)
        with d.transaction():
            for pos, dl, ins in t["patches"]:
                current = str(text)
                b = len(current[:pos].encode("utf-8"))
                bd = len(current[pos:pos + dl].encode("utf-8"))
                if dl:
                    del text[b:b + bd]
                if ins:
                    text.insert(b, ins)
        updates.append(d.get_update(before))
        applied[g].add(index)
    best, peak, doc = float("inf"), 0, None
    for i in range(iterations):
        base = settle()
        d = pycrdt.Doc()
        d["text"] = pycrdt.Text()
        start = time.perf_counter()
        for u in updates:
            d.apply_update(u)
        best = min(best, time.perf_counter() - start)
        if i == 0:
            peak = kib("VmHWM") - base
        doc = d
    return doc, best * 1000, peak


def measure(name, peer, directory, iterations):
    """Measures one peer on one trace (in this process)."""
    concurrent = name in CONCURRENT
    trace = load(directory, name, concurrent)
    patches = sum(len(t["patches"]) for t in trace["txns"])
    end = trace["endContent"]
    extra = {}
    key = "merge_ms" if concurrent else "apply_ms"
    if peer == "loro":
        if concurrent:
            doc, ms, peak, batch = loro_concurrent(trace, iterations)
            extra["merge_batch_ms"] = batch
        else:
            doc, ms, peak = loro_sequential(trace, iterations)
        size, load_ms, text = loro_state(doc, iterations)
        ok = doc.get_text("text").to_string() == end and text == end
    else:
        if concurrent:
            doc, ms, peak = yrs_concurrent(trace, iterations)
        else:
            doc, ms, peak = yrs_sequential(trace, iterations, byte_patches(trace["txns"]))
        size, load_ms, text = yrs_state(doc, iterations)
        ok = str(doc.get("text", type=pycrdt.Text)) == end and text == end
    return {key: ms, "us_per_patch": ms * 1000 / patches, "state_bytes": size,
            "load_ms": load_ms, "peak_kb": peak, "ok": int(ok), **extra}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--traces", default=os.environ.get("ENTENTE_TRACES", "/work/shared/data/editing-traces"))
    parser.add_argument("--iterations", type=int, default=3)
    parser.add_argument("--out")
    parser.add_argument("--only", nargs="*")
    parser.add_argument("--single", nargs=2, metavar=("TRACE", "PEER"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.single:
        # Child mode: one trace, one peer, in a fresh process (clean peak-memory figures).
        print(json.dumps(measure(args.single[0], args.single[1], args.traces, args.iterations)))
        return
    results = {"loro": {}, "yrs": {}}
    for name in SEQUENTIAL + CONCURRENT:
        if args.only and name not in args.only:
            continue
        for peer in ("loro", "yrs"):
            out = subprocess.run([sys.executable, os.path.abspath(__file__), "--traces", args.traces,
                                  "--iterations", str(args.iterations), "--single", name, peer],
                                 capture_output=True, text=True)
            if out.returncode != 0:
                print(f"{peer} {name}: failed: {out.stderr.strip()[-500:]}", file=sys.stderr)
                continue
            r = json.loads(out.stdout.strip().splitlines()[-1])
            results[peer][name] = r
            key = "merge_ms" if "merge_ms" in r else "apply_ms"
            batch = f" (batch import {r['merge_batch_ms']:.1f} ms)" if "merge_batch_ms" in r else ""
            print(f"{peer:4} {name}: {key} {r[key]:.1f}{batch} ({r['us_per_patch']:.3f} us/patch) "
                  f"state {r['state_bytes']} B load {r['load_ms']:.2f} ms peak {r['peak_kb']} KiB "
                  f"ok={bool(r['ok'])}", file=sys.stderr)
    data = json.dumps(results, indent=1, sort_keys=True)
    if args.out:
        with open(args.out, "w") as f:
            f.write(data)
    print(data)


if __name__ == "__main__":
    main()
