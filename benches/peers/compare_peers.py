#!/usr/bin/env python3
"""Grapevine against the graph libraries a user would otherwise pick, on the same network, in the
same run, on the same machine. Prints seconds and ratios (peer time / Grapevine time).

    pip install igraph networkit rustworkx networkx numpy      # the peers (not needed otherwise)
    python3 benches/peers/compare_peers.py [--people 10000] [--avg-degree 10] [--seed 42]
                                           [--threads 2] [--metric betweenness]
                                           [--tools igraph,networkit,rustworkx] [--repeat 3]
                                           [--data DIR] [--epsilon 0.05]

What is timed:
- Grapevine: the whole process `grapevine analyze --metrics METRIC --no-charts --threads T`
  (reading the CSV, building the graph, computing, writing people.csv), best of --repeat runs;
- each peer: the metric call alone (the graph is built before the clock starts), in its own
  process, best of --repeat runs; its loading and graph building are timed apart (the "load +
  build" column), so both sides can be compared whole. igraph runs single-threaded (it has no
  parallel betweenness);
  NetworKit (OpenMP) and rustworkx (rayon) get T threads.
The network comes from `grapevine generate` (seeded, byte-identical for the same arguments).
The script also checks that every peer's values agree with Grapevine's people.csv (1e-6).

`--metric betweenness-approx` (for networks too large for exact betweenness) times
Riondato–Kornaropoulos sampling on both sides with the same --epsilon and δ = 0.1: Grapevine's
`--betweenness approx --epsilon E`, NetworKit's `ApproxBetweenness(G, E, 0.1)`; the values then
agree when they differ by at most 2E (each is within E of the exact value with probability 0.9).
"""
import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.path.join(ROOT, "target", "release", "grapevine")

PEER_CODE = r'''
import json, sys, time
import numpy as np
tool, metric, edges, n, threads, repeat, eps = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]), float(sys.argv[7])
T0 = time.perf_counter()
# PageRank uses the weights as strengths (as Grapevine does); the path metrics count hops.
weighted = metric == "pagerank"
cols = (0, 1, 2) if weighted else (0, 1)
e = np.loadtxt(edges, delimiter=",", skiprows=1, usecols=cols, dtype=np.float64, ndmin=2)
src, dst = e[:, 0].astype(np.int64).tolist(), e[:, 1].astype(np.int64).tolist()
wts = e[:, 2].tolist() if weighted else [1.0] * len(src)
norm = 1.0 / ((n - 1) * (n - 2)) if n > 2 else 1.0
if tool == "igraph":
    import igraph as ig
    version = ig.__version__
    g = ig.Graph(n=n, edges=list(zip(src, dst)), directed=True)
    g.es["weight"] = wts
    def run():
        if metric == "betweenness":
            return [x * norm for x in g.betweenness(directed=True)]
        if metric == "pagerank":
            return g.pagerank(damping=0.85, directed=True, weights="weight")
        raise SystemExit("n/a")
elif tool == "networkit":
    import networkit as nk
    version = nk.__version__
    nk.setNumberOfThreads(threads)
    g = nk.Graph(n, weighted=weighted, directed=True)
    for s, t, w in zip(src, dst, wts):
        g.addEdge(s, t, w)
    def run():
        if metric == "betweenness":
            b = nk.centrality.Betweenness(g, normalized=False)
            b.run()
            return [x * norm for x in b.scores()]
        if metric == "betweenness-approx":
            b = nk.centrality.ApproxBetweenness(g, epsilon=eps, delta=0.1)
            b.run()
            return b.scores()
        if metric == "pagerank":
            p = nk.centrality.PageRank(g, damp=0.85, tol=1e-12)
            p.run()
            return p.scores()
        raise SystemExit("n/a")
elif tool == "rustworkx":
    import rustworkx as rx
    version = rx.__version__
    g = rx.PyDiGraph()
    g.add_nodes_from(range(n))
    g.add_edges_from(list(zip(src, dst, wts)))
    def run():
        if metric == "betweenness":
            d = rx.digraph_betweenness_centrality(g, normalized=False, parallel_threshold=50)
            return [d[i] * norm for i in range(n)]
        if metric == "pagerank":
            d = rx.pagerank(g, alpha=0.85, weight_fn=float, tol=1e-12)
            return [d[i] for i in range(n)]
        raise SystemExit("n/a")
elif tool == "networkx":
    import networkx as nx
    version = nx.__version__
    g = nx.DiGraph()
    g.add_nodes_from(range(n))
    g.add_weighted_edges_from(zip(src, dst, wts))
    def run():
        if metric == "betweenness":
            d = nx.betweenness_centrality(g, normalized=True, weight=None)
        elif metric == "pagerank":
            d = nx.pagerank(g, alpha=0.85, tol=1e-12, weight="weight")
        else:
            raise SystemExit("n/a")
        return [d[i] for i in range(n)]
build_seconds = time.perf_counter() - T0
best, values = None, None
for _ in range(repeat):
    t0 = time.perf_counter()
    values = run()
    t = time.perf_counter() - t0
    best = t if best is None else min(best, t)
print(json.dumps({"seconds": best, "build_seconds": build_seconds, "version": version, "values": values}))
'''


def sh(cmd, env=None):
    return subprocess.run(cmd, check=True, capture_output=True, text=True, env=env)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--people", type=int, default=10000)
    ap.add_argument("--avg-degree", type=float, default=10.0)
    ap.add_argument("--orgs", type=int, default=4)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--metric", default="betweenness", choices=["betweenness", "pagerank", "betweenness-approx"])
    ap.add_argument("--epsilon", type=float, default=0.05,
                    help="additive error of both sides' sampling (betweenness-approx only)")
    ap.add_argument("--tools", default="igraph,networkit,rustworkx")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--data", help="use this folder's edges.csv/nodes.csv instead of generating")
    a = ap.parse_args()

    print("building grapevine (release)...", file=sys.stderr)
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    work = tempfile.mkdtemp(prefix="grapevine-peers-")
    data = a.data or os.path.join(work, "data")
    if not a.data:
        sh([BIN, "generate", "--people", str(a.people), "--orgs", str(a.orgs),
            "--avg-degree", str(a.avg_degree), "--seed", str(a.seed), "--out", data])
    edges, nodes = os.path.join(data, "edges.csv"), os.path.join(data, "nodes.csv")
    with open(nodes) as f:
        n = sum(1 for _ in f) - 1
    with open(edges) as f:
        m = sum(1 for _ in f) - 1

    best, ours = None, None
    for i in range(a.repeat):
        out = os.path.join(work, f"out{i}")
        t0 = time.perf_counter()
        ours_metric = "betweenness" if a.metric == "betweenness-approx" else a.metric
        extra = (["--betweenness", "approx", "--epsilon", str(a.epsilon)]
                 if a.metric == "betweenness-approx" else [])
        sh([BIN, "analyze", "--edges", edges, "--nodes", nodes, "--metrics", ours_metric,
            "--no-charts", "--threads", str(a.threads), "--out", out] + extra)
        t = time.perf_counter() - t0
        best = t if best is None else min(best, t)
        ours = out
    with open(os.path.join(ours, "people.csv")) as f:
        col = "betweenness" if a.metric == "betweenness-approx" else a.metric
        our_values = {int(r["id"]): float(r[col]) for r in csv.DictReader(f)}
    tolerance = 2 * a.epsilon if a.metric == "betweenness-approx" else 1e-6

    rows = [("grapevine", "whole process", a.threads, None, best, 1.0, "reference")]
    for tool in filter(None, a.tools.split(",")):
        env = dict(os.environ, OMP_WAIT_POLICY="PASSIVE", OPENBLAS_NUM_THREADS="1")
        env["OMP_NUM_THREADS"] = str(a.threads) if tool == "networkit" else "1"
        env["RAYON_NUM_THREADS"] = str(a.threads) if tool == "rustworkx" else "1"
        threads = a.threads if tool in ("networkit", "rustworkx") else 1
        try:
            r = sh([sys.executable, "-c", PEER_CODE, tool, a.metric, edges, str(n), str(threads),
                    str(a.repeat), str(a.epsilon)], env=env)
        except subprocess.CalledProcessError as e:
            rows.append((tool, "failed", threads, None, None, None,
                         e.stderr.strip().splitlines()[-1:]))
            continue
        res = json.loads(r.stdout)
        worst = max(abs(res["values"][i] - our_values[i]) for i in range(n))
        agree = (f"agree (max difference {worst:.1e})" if worst <= tolerance
                 else f"DIFFER (max {worst:.2e})")
        rows.append((f"{tool} {res['version']}", f"{a.metric} call", threads,
                     res["build_seconds"], res["seconds"], res["seconds"] / best, agree))

    origin = (f"--data {a.data}" if a.data else f"grapevine generate --people {a.people} "
              f"--avg-degree {a.avg_degree} --seed {a.seed}")
    print(f"\n{a.metric}, {n} people, {m} ties ({origin}), best of {a.repeat}\n")
    print("| tool | what is timed | threads | load + build s | seconds | peer / grapevine | values |")
    print("|---|---|---|---|---|---|---|")
    for tool, what, th, b, s, ratio, note in rows:
        b_txt = "–" if b is None else f"{b:.1f}"
        s_txt = "–" if s is None else f"{s:.3f}"
        r_txt = "–" if ratio is None else f"{ratio:.1f}×"
        print(f"| {tool} | {what} | {th} | {b_txt} | {s_txt} | {r_txt} | {note} |")


if __name__ == "__main__":
    main()
