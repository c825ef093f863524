using System.Runtime.Intrinsics.X86;
using SharpTune.Core.Native;

namespace SharpTune.Core.Tests.Native;

public sealed class CpuFeaturesTests
{
    // first lines of /proc/cpuinfo on three machines of the kind SharpTune is developed on (flags shortened)
    const string SapphireRapids = """
        processor	: 0
        vendor_id	: GenuineIntel
        model name	: Intel(R) Xeon(R) Platinum 8481C CPU @ 2.70GHz
        flags		: fpu sse2 avx fma avx2 avx512f avx512bw avx512_bf16 amx_bf16 avx512_fp16 amx_tile amx_int8

        processor	: 1
        model name	: another
        flags		: fpu
        """;
    const string EmeraldRapidsWithoutAmx = "model name\t: INTEL(R) XEON(R) PLATINUM 8581C CPU @ 2.10GHz\nflags\t\t: fpu avx fma avx2 avx512f avx512_bf16 avx512_vnni\n";
    const string Epyc = "vendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC\nflags\t\t: fpu sse2 avx f16c fma avx2 bmi2\n";

    [Fact]
    public void Cpuinfo_flags_give_the_instruction_sets_of_the_first_processor()
    {
        var f = CpuFeatures.Parse(SapphireRapids)!;
        Assert.Equal("Intel(R) Xeon(R) Platinum 8481C CPU @ 2.70GHz", f.ModelName);
        Assert.Equal((true, true, true, true, true, true), (f.AmxBf16!.Value, f.AmxTile!.Value, f.Avx512Bf16!.Value, f.Avx512F, f.Avx2, f.Fma));
        var amd = CpuFeatures.Parse(Epyc)!;
        Assert.Equal((false, false, false, false, true, true), (amd.AmxBf16!.Value, amd.AmxTile!.Value, amd.Avx512Bf16!.Value, amd.Avx512F, amd.Avx2, amd.Fma));
        Assert.Null(CpuFeatures.Parse("processor\t: 0\nFeatures\t: fp asimd sve\n"));              // an ARM kernel writes no flags line
    }

    [Fact]
    public void Bf16_is_called_slower_than_float32_only_where_amx_is_known_to_be_missing()
    {
        Assert.Null(CpuFeatures.Bf16Warning(CpuFeatures.Parse(SapphireRapids)!));
        var noAmx = CpuFeatures.Bf16Warning(CpuFeatures.Parse(EmeraldRapidsWithoutAmx)!);
        Assert.Contains("8581C CPU @ 2.10GHz: no AMX, AVX-512 BF16) is usually slower than float32 (bf16 matmul about 0.65× float32)", noAmx);
        Assert.Contains("halves the frozen weights' memory", noAmx);
        var avx2 = CpuFeatures.Bf16Warning(CpuFeatures.Parse(Epyc)!);
        Assert.Contains("(AMD EPYC: no AMX, no AVX-512 BF16) is usually much slower than float32", avx2);
        Assert.Contains("halves the frozen weights' memory", avx2);
        var unknown = new CpuFeatures("unknown", "dotnet", null, null, null, true, true, true, true);  // .NET cannot tell AMX
        Assert.Null(CpuFeatures.Bf16Warning(unknown));
    }

    [Fact]
    public void This_machines_features_agree_with_what_dotnet_can_see()
    {
        var f = CpuFeatures.Current;
        Assert.False(string.IsNullOrWhiteSpace(f.ModelName));
        if (!Avx2.IsSupported) return;                                                           // an x86-64 CPU older than AVX2, or not x86
        Assert.True(f.Avx2);
        Assert.Equal(Fma.IsSupported, f.Fma);
        if (Avx512F.IsSupported) Assert.True(f.Avx512F);                                       // DOTNET_EnableAVX512=0 hides it from .NET only
        Assert.Equal(f.Source == "/proc/cpuinfo", File.Exists("/proc/cpuinfo"));
    }
}
