using System.Collections;
using SharpTune.Core.Native;

namespace SharpTune.Core.Tests.Native;

/// <summary>When the command line restarts itself with tcmalloc, and with what environment.</summary>
public sealed class MallocPreloadTests
{
    const string Lib = "/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4";

    [Fact]
    public void By_default_an_installed_tcmalloc_is_preloaded_and_without_one_nothing_happens()
    {
        Assert.Equal(Lib, MallocPreload.Plan(null, null, null, Lib));
        Assert.Equal(Lib, MallocPreload.Plan(" Auto ", null, "", Lib));
        Assert.Null(MallocPreload.Plan(null, null, null, null));
        Assert.Equal(Lib, MallocPreload.Plan("tcmalloc", null, "/opt/libfoo.so", Lib));             // another preload stays, after it
    }

    [Fact]
    public void System_the_restarted_process_and_a_malloc_the_user_preloaded_are_left_alone()
    {
        Assert.Null(MallocPreload.Plan("system", null, null, Lib));
        Assert.Null(MallocPreload.Plan(null, Lib, Lib, Lib));                                        // already restarted: never twice
        Assert.Null(MallocPreload.Plan(null, Lib, null, Lib));                                       // even if the preload did not load
        Assert.Null(MallocPreload.Plan(null, null, "/usr/lib/x86_64-linux-gnu/libjemalloc.so.2", Lib));
    }

    [Fact]
    public void An_unknown_setting_or_a_required_but_missing_tcmalloc_is_an_error_naming_the_variable()
    {
        var bad = Assert.Throws<ArgumentException>(() => MallocPreload.Plan("jemalloc", null, null, Lib));
        Assert.Contains("SHARPTUNE_MALLOC", bad.Message);
        Assert.Contains("auto, tcmalloc, system", bad.Message);
        var missing = Assert.Throws<InvalidOperationException>(() => MallocPreload.Plan("tcmalloc", null, null, null));
        Assert.Contains("libtcmalloc-minimal4", missing.Message);
    }

    [Fact]
    public void The_restarted_environment_puts_the_library_first_in_LD_PRELOAD_and_sets_the_guard()
    {
        var env = MallocPreload.RestartEnvironment(new Hashtable { ["PATH"] = "/bin", ["LD_PRELOAD"] = "/opt/a.so", [MallocPreload.DoneVariable] = "old" }, Lib);
        Assert.Contains("PATH=/bin", env);
        Assert.Contains($"LD_PRELOAD={Lib}:/opt/a.so", env);
        Assert.Equal([$"{MallocPreload.DoneVariable}={Lib}"], env.Where(e => e.StartsWith(MallocPreload.DoneVariable)).ToList());
        Assert.Contains($"LD_PRELOAD={Lib}", MallocPreload.RestartEnvironment(new Hashtable { ["HOME"] = "/root" }, Lib));
    }

    [Fact]
    public void The_library_is_found_by_its_names_in_order_and_the_running_allocator_by_the_mapped_files()
    {
        var dir = Directory.CreateTempSubdirectory("malloc").FullName;
        try
        {
            Assert.Null(MallocPreload.FindLibrary([dir]));
            File.WriteAllText(Path.Combine(dir, "libtcmalloc.so.4"), "");
            Assert.Equal(Path.Combine(dir, "libtcmalloc.so.4"), MallocPreload.FindLibrary(["/nonexistent", dir]));
            File.WriteAllText(Path.Combine(dir, "libtcmalloc_minimal.so.4"), "");
            Assert.Equal(Path.Combine(dir, "libtcmalloc_minimal.so.4"), MallocPreload.FindLibrary([dir]));
        }
        finally { Directory.Delete(dir, true); }
        Assert.Equal("tcmalloc", MallocPreload.Current("7f00-7f01 r-xp 0 08:01 1 /usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4.5.10\n"));
        Assert.Equal("jemalloc", MallocPreload.Current("7f00-7f01 r-xp 0 08:01 1 /usr/lib/x86_64-linux-gnu/libjemalloc.so.2\n"));
        Assert.Equal("glibc", MallocPreload.Current("7f00-7f01 r-xp 0 08:01 1 /usr/lib/x86_64-linux-gnu/libc.so.6\n"));
    }

    [Fact]
    public void The_restarted_arguments_are_the_original_ones_empty_ones_included()
    {
        byte[] Bytes(string s) => System.Text.Encoding.UTF8.GetBytes(s);
        Assert.Equal(["dotnet", "sharptune.dll", "generate", "--prompt", ""], MallocPreload.Arguments(Bytes("dotnet\0sharptune.dll\0generate\0--prompt\0\0")));
        Assert.Equal(["sharptune", "", "x y", "é"], MallocPreload.Arguments(Bytes("sharptune\0\0x y\0é\0")));
    }
}
