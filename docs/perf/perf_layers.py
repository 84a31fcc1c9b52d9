"""Charges every CPU sample of a `perf record -g` capture of the silo to a layer, native code included.

Unlike cpu_layers.py (EventPipe's sampler, managed frames only), perf sees the GC, the runtime, SQLite and the
kernel. Start the server with DOTNET_PerfMapEnabled=1 and DOTNET_EnableWriteXorExecute=0 (with W^X on, perf cannot
name JIT-compiled frames), then:

    perf record -F 499 -g -p PID -o cpu.data -- sleep 10
    perf script -i cpu.data | python3 docs/perf/perf_layers.py OPERATIONS_IN_THE_WINDOW

A sample goes to the first frame from the leaf that names a layer (a dictionary lookup inside the grain is the
grain's; an allocation helper called from the domain is the domain's). Native stacks without frame pointers (libc,
SQLite) stop early, so SQLite's own code and file I/O syscalls are charged by what the leaf is.
"""
import collections
import sys

MANAGED = [
    ('Waterfall.Domain', 'domain'),
    ('Waterfall.Grains', 'grain'),
    ('Waterfall.Ledger', 'store (ours: rows, JSON, group commit)'),
    ('Waterfall.Storage', 'store (ours: rows, JSON, group commit)'),
    ('Microsoft.Data.Sqlite', 'store (ours: rows, JSON, group commit)'),
    ('SQLitePCL', 'store (ours: rows, JSON, group commit)'),
    ('Npgsql', 'store (ours: rows, JSON, group commit)'),
    ('System.Text.Json', 'store (ours: rows, JSON, group commit)'),
    ('Waterfall.FrontDoor', 'front door (gRPC service code)'),
    ('Waterfall.Api', 'front door (gRPC service code)'),
    ('Waterfall.Contracts', 'front door (gRPC service code)'),
    ('Orleans.Serialization', 'serialization (Orleans codecs, protobuf)'),
    ('Google.Protobuf', 'serialization (Orleans codecs, protobuf)'),
    ('[Orleans', 'Orleans messaging/runtime'),
    ('Grpc.', 'Kestrel/gRPC'),
    ('Microsoft.AspNetCore', 'Kestrel/gRPC'),
    ('System.IO.Pipelines', 'Kestrel/gRPC'),
    ('System.Net.Sockets', 'sockets'),
    ('OpenTelemetry', 'telemetry'),
    ('System.Diagnostics.DiagnosticSource', 'telemetry'),
]
FILE_IO = ('pwrite', 'pread', 'fsync', 'fdatasync', 'ext4_', 'jbd2', 'filemap_')
NETWORK = ('tcp_', 'sock_', 'sendmsg', 'recvmsg', 'epoll', 'ip_', 'skb', 'net_rx', '__sys_send', '__sys_recv')


def layer_of(thread, frames):
    if 'Server GC' in thread or 'BGC' in thread:
        return 'GC (its threads)'
    if 'Tiered Com' in thread:
        return 'JIT (tiered compilation)'
    for frame in frames:
        for marker, layer in MANAGED:
            if marker in frame:
                return layer
        if 'libe_sqlite3' in frame:
            return 'store: SQLite (native)'
        if '[kernel.kallsyms]' in frame:
            if any(k in frame for k in FILE_IO):
                return 'store: file I/O (kernel)'
            if any(k in frame for k in NETWORK):
                return 'sockets (kernel)'
    leaf = frames[0] if frames else ''
    if '[kernel.kallsyms]' in leaf:
        return 'kernel (scheduling, page faults, other)'
    if 'libcoreclr' in leaf:
        return 'runtime (allocation, write barriers, stubs) outside a named layer'
    if 'LowLevelLifoSemaphore' in ' '.join(frames[:6]) or 'WorkerThreadStart' in ' '.join(frames[:3]):
        return 'thread pool: spinning and waking'
    return 'other (BCL, thread pool dispatch)'


def samples(lines):
    thread, frames = None, []
    for line in lines:
        if not line.strip():
            if thread is not None:
                yield thread, frames
            thread, frames = None, []
        elif not line[0].isspace():
            thread = line.split('  ')[0]
        else:
            frames.append(line.strip())
    if thread is not None:
        yield thread, frames


def main():
    operations = float(sys.argv[1]) if len(sys.argv) > 1 else 0
    counts = collections.Counter(layer_of(t, f) for t, f in samples(sys.stdin))
    total = sum(counts.values())
    print(f'{total} samples' + (f', {total / operations * 1e6 / 499:.1f} µs of CPU per operation at 499 Hz' if operations else ''))
    for layer, n in counts.most_common():
        per_op = f' | {n / 499 / operations * 1e6:.1f}' if operations else ''
        print(f'| {layer} | {100 * n / total:.1f} %{per_op} |')


if __name__ == '__main__':
    main()
