#!/usr/bin/env python3
"""Save-to-reload latency of `auditpress serve`, as recorded in BENCHMARKS.md.

Starts the release binary's `serve` on a copy of a content folder, then ROUNDS times edits one
file and measures the time from the file's save to the answer of the wait request that a served
page makes (the moment the page would reload). A Markdown page gets a sentence appended, which
must then be served at PAGE_URL; any other file (a case file, say) has FROM and TO swapped in
turn, and the build must succeed. Prints the median and the range in milliseconds.

Usage: benches/serve-latency.py CONTENT_DIR FILE PAGE_URL [ROUNDS [FROM TO]]
  e.g. benches/serve-latency.py content lessons/sutton.md /lessons/sutton/index.html 15
"""
import json, os, shutil, statistics, subprocess, sys, tempfile, time, urllib.request

content, page_file, page_url = sys.argv[1:4]
rounds = int(sys.argv[4]) if len(sys.argv) > 4 else 15
swap = sys.argv[5:7] if len(sys.argv) > 6 else None
binary = os.path.join(os.path.dirname(__file__), '..', 'target', 'release', 'auditpress')
work = tempfile.mkdtemp()
try:
    copy = os.path.join(work, 'content')
    shutil.copytree(content, copy)
    server = subprocess.Popen([binary, 'serve', '--content', copy, '--port', '0'],
                              stdout=subprocess.PIPE, text=True)
    port = None
    for line in server.stdout:
        if 'http://127.0.0.1:' in line:
            port = line.split('http://127.0.0.1:')[1].split('/')[0]
            break
    base = f'http://127.0.0.1:{port}'
    def wait(since):
        with urllib.request.urlopen(f'{base}/__auditpress/wait?since={since}', timeout=60) as r:
            return json.load(r)
    generation = wait(0)['generation']
    times = []
    path = os.path.join(copy, page_file)
    for n in range(rounds):
        if swap:
            with open(path) as f:
                text = f.read()
            old, new = swap if n % 2 == 0 else swap[::-1]
            assert old in text, f'{page_file} does not hold {old!r}'
            with open(path, 'w') as f:
                f.write(text.replace(old, new, 1))
        else:
            with open(path, 'a') as f:
                f.write(f'\n\nEdited for round {n}.\n')
        started = time.perf_counter()
        state = wait(generation)
        times.append((time.perf_counter() - started) * 1000)
        generation = state['generation']
        assert not state['problems'], state['problems']
        with urllib.request.urlopen(base + page_url) as r:
            assert swap or f'Edited for round {n}.' in r.read().decode(), 'the edit was not served'
        time.sleep(0.3)
    server.terminate()
    print(f'{rounds} edits of {page_file}: median {statistics.median(times):.0f} ms, '
          f'range {min(times):.0f} to {max(times):.0f} ms (includes the 30 ms debounce)')
finally:
    shutil.rmtree(work)
