using SharpTune.Core.Native;

namespace SharpTune.Core.Tests.Native;

[Collection(TorchCollection.Name)]
public sealed class OmpTeamTests
{
    [Fact]
    public void On_linux_the_team_is_libtorchs_libgomp()
    {
        Assert.Equal(OperatingSystem.IsLinux(), OmpTeam.Available);                           // TorchSharp's linux-x64 libtorch brings libgomp
        if (OmpTeam.Available) Assert.StartsWith("libgomp", Path.GetFileName(OmpTeam.Library));
    }

    [Fact]
    public void The_libgomp_beside_libtorch_is_chosen_from_the_process_maps()
    {
        const string maps = """
            7f00-7f10 r-xp 00000000 08:01 11 /usr/lib/x86_64-linux-gnu/libgomp.so.1.0.0
            7f20-7f30 r--p 00000000 08:01 12 /opt/app/runtimes/linux-x64/native/libtorch_cpu.so
            7f40-7f50 r-xp 00000000 08:01 13 /opt/app/runtimes/linux-x64/native/libgomp-98b21ff3.so.1
            7f60-7f70 rw-p 00000000 00:00 0 [heap]
            """;
        Assert.Equal("/opt/app/runtimes/linux-x64/native/libgomp-98b21ff3.so.1", OmpTeam.FindLibgomp(maps));
        Assert.Equal("/usr/lib/x86_64-linux-gnu/libgomp.so.1.0.0", OmpTeam.FindLibgomp(maps.Replace("/opt/app/runtimes/linux-x64/native/libgomp-98b21ff3.so.1", "/x")));
        Assert.Null(OmpTeam.FindLibgomp("7f60-7f70 rw-p 00000000 00:00 0 [heap]\n"));
    }

    [Fact]
    public void Every_part_runs_once_over_its_range_and_errors_come_back()
    {
        if (!OmpTeam.Available) return;                                                       // elsewhere the kernels keep .NET threads
        const long items = 1001;
        var hits = new int[items];
        var threads = new System.Collections.Concurrent.ConcurrentDictionary<int, bool>();
        OmpTeam.For(5, items, (part, i0, i1) =>
        {
            threads[Environment.CurrentManagedThreadId] = true;
            Assert.Equal(items * part / 5, i0);
            for (long i = i0; i < i1; i++) Interlocked.Increment(ref hits[i]);
        });
        Assert.All(hits, h => Assert.Equal(1, h));
        Assert.InRange(threads.Count, 1, 5);
        var e = Assert.Throws<InvalidOperationException>(() => OmpTeam.For(2, 10, (part, _, _) =>
        {
            if (part == 1) throw new InvalidOperationException("part 1 failed");
        }));
        Assert.Equal("part 1 failed", e.Message);
        OmpTeam.For(2, 4, (_, _, _) => { });                                                   // the team still works afterwards
    }

    [Fact]
    public void Regions_entered_from_several_threads_at_once_each_complete()
    {
        if (!OmpTeam.Available) return;
        var sums = new long[4];
        var threads = Enumerable.Range(0, 4).Select(k => new Thread(() =>
        {
            for (int round = 0; round < 50; round++)                                           // e.g. a server's concurrent requests
                OmpTeam.For(2, 1000, (_, i0, i1) =>
                {
                    long s = 0;
                    for (long i = i0; i < i1; i++) s += i;
                    Interlocked.Add(ref sums[k], s);
                });
        })).ToList();
        threads.ForEach(t => t.Start());
        Assert.All(threads, t => Assert.True(t.Join(TimeSpan.FromSeconds(30)), "a region did not finish"));
        Assert.All(sums, s => Assert.Equal(50L * 999 * 1000 / 2, s));
    }
}
