#!/usr/bin/env python3
"""Where a hot class's seat spends its time under the class lock, from PostgreSQL's statement log.

    passes.py LOG CLASS_ID

LOG: the server log of a run with log_min_duration_statement = 0 and log_line_prefix = '%m [%p] ' (each statement logged
when it ends, with its duration and parameters). CLASS_ID: the raced class (t3_race.json's hot.class_id). For each
accepted seat, in the order the lock was granted: t1, from the end of the batch that took the class lock (its snapshot
read) to the start of the write batch (the service deciding and building the writes); the write batch in PostgreSQL;
t2, from its end to COMMIT (the service again); COMMIT itself (the WAL flush). Statement logging slows every statement,
so read the shares, not the absolute times.
"""
import datetime, re, statistics as st, sys

log, hot = sys.argv[1], sys.argv[2]
line_re = re.compile(r'^(\S+ \S+) \S+ \[(\d+)\] (LOG|DETAIL):\s+(.*)$')
ended = re.compile(r'duration: ([\d.]+) ms\s+(execute [^:]+|statement): (.*)')


def ms(stamp):
    return datetime.datetime.strptime(stamp, '%Y-%m-%d %H:%M:%S.%f').timestamp() * 1000


by_pid, last = {}, {}
for line in open(log, errors='replace'):
    m = line_re.match(line.rstrip('\n'))
    if not m:
        continue
    stamp, pid, kind, rest = m.groups()
    if kind == 'LOG':
        d = ended.match(rest)
        if d:
            s = {'end': ms(stamp), 'ms': float(d.group(1)), 'sql': d.group(3), 'params': ''}
            by_pid.setdefault(pid, []).append(s)
            last[pid] = s
    elif pid in last:
        last[pid]['params'] = rest

seats = []
for statements in by_pid.values():
    for i, s in enumerate(statements):
        if 'for update' not in s['sql'] or hot not in s['params']:
            continue
        snapshot, writes, commit = None, [], None
        for x in statements[i + 1:]:
            if x['sql'].strip().upper() in ('COMMIT', 'ROLLBACK'):
                commit = x
                break
            if snapshot is None and 'mt_doc_trainingclass where id' in x['sql']:
                snapshot = x
            elif snapshot is not None:
                writes.append(x)
        if commit and snapshot and any('quick_append' in w['sql'] for w in writes):
            start = writes[0]['end'] - writes[0]['ms']
            seats.append({'granted': s['end'], 't1': start - snapshot['end'], 'write': writes[-1]['end'] - start,
                          't2': commit['end'] - commit['ms'] - writes[-1]['end'], 'commit': commit['ms'],
                          'hold': commit['end'] - s['end']})
seats.sort(key=lambda p: p['granted'])
if not seats:
    sys.exit('no accepted seat of that class in the log')
print(f'{len(seats)} seats, first lock granted to last commit: {seats[-1]["granted"] + seats[-1]["hold"] - seats[0]["granted"]:.0f} ms')
for k in ['t1', 'write', 't2', 'commit', 'hold']:
    v = [p[k] for p in seats]
    print(f'{k:>6}: mean {st.mean(v):6.2f} ms, median {st.median(v):6.2f} ms')
for a in range(0, len(seats), 10):
    seg = seats[a:a + 10]
    print(f'seats {a + 1:>3}-{a + len(seg):<3} from +{seg[0]["granted"] - seats[0]["granted"]:4.0f} ms: ' +
          ', '.join(f'{k} {st.mean(p[k] for p in seg):.2f}' for k in ['t1', 'write', 't2', 'commit', 'hold']))
