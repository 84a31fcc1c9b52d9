import json,collections,sys
d=json.load(open(sys.argv[1]))
frames=[f['name'] for f in d['shared']['frames']]
def layer(n):
    if 'Waterfall.Domain' in n: return 'domain'
    if 'Waterfall.Grains' in n: return 'grain'
    if 'Waterfall.Ledger' in n or 'Waterfall.Storage' in n: return 'store'
    if 'Waterfall.FrontDoor' in n or 'Waterfall.Api' in n or 'Waterfall.Contracts' in n: return 'front door (gRPC service code)'
    if 'Orleans.Serialization' in n or 'Google.Protobuf' in n: return 'serialization (Orleans codecs, protobuf)'
    if n.startswith('Orleans') or '!Orleans.' in n: return 'Orleans messaging/runtime'
    if 'Grpc.' in n or 'Microsoft.AspNetCore' in n or 'System.IO.Pipelines' in n or 'System.Net.Http' in n: return 'Kestrel/gRPC'
    if 'System.Net.Sockets' in n: return 'sockets'
    return None
tot=collections.Counter(); other=collections.Counter(); unm=collections.Counter()
def classify(names,w):
    if not names: return
    leaf=names[-1]
    if leaf=='UNMANAGED_CODE_TIME':
        s=' '.join(names[-3:])
        if 'Socket' in s and ('Send' in s or 'Receive' in s) and 'epoll' not in s.lower() and 'WaitForSocketEvents' not in s: unm['sockets: send/receive syscalls']+=w
        return
    if leaf!='CPU_TIME': return
    s=' '.join(names[-3:])
    if 'LowLevelLifoSemaphore' in s or 'WorkerThreadStart' in names[-2] or 'WaitHandle' in s or 'SpinWait' in s:
        tot['thread pool: spinning and waking']+=w; return
    l=None
    for nm in reversed(names):
        l=layer(nm)
        if l: break
    l=l or 'other (runtime, thread pool dispatch, BCL)'
    tot[l]+=w
    if l.startswith('other'): other[' < '.join(x.split('!')[-1][:70] for x in names[-4:-1][::-1])]+=w
for p in d['profiles']:
    st=[]; prev=None
    for e in p['events']:
        if prev is not None and e['at']>prev: classify([frames[i] for i in st], e['at']-prev)
        prev=e['at']
        if e['type']=='O': st.append(e['frame'])
        elif st: st.pop()
busy=sum(tot.values())
print('managed CPU ms',round(busy), 'socket syscalls ms', round(sum(unm.values())))
for k,v in tot.most_common(): print(f'| {k} | {100*v/busy:.1f} % | {v:.0f} |')
print('--- top other')
for k,v in other.most_common(12): print(round(v), k)
