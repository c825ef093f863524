using SharpTune.Core.Planning;

namespace SharpTune.Core.Tests.Planning;

public sealed class CpuProfileTests
{
    [Fact]
    public void A_saved_profile_loads_back_with_its_points()
    {
        using var dir = TestPaths.NewTempDir();
        string path = Path.Combine(dir.Path, "sub", "cpu-profile.json");
        var p = CpuProfile.Default with
        {
            PeakFp32Gflops = 123.4, UtilisationBf16 = 0.55, MeasuredAt = "2026-12-03 13:00 UTC",
            Points = [new CalibrationPoint { Config = "tiny", Method = "full", Precision = "fp32", MeasuredRssMb = 400, PredictedRssMb = 380, MeasuredTokensPerS = 3000, PredictedTokensPerS = 3300 }],
        };
        p.Save(path);
        var back = CpuProfile.Load(path)!;
        Assert.Equal(123.4, back.PeakFp32Gflops);
        Assert.Equal(0.55, back.UtilisationBf16);
        Assert.Equal(0.95, Assert.Single(back.Points).RssRatio, 9);
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(path)!, "*.tmp"));
    }

    [Fact]
    public void No_file_means_no_profile_and_a_damaged_one_is_an_error_naming_it()
    {
        using var dir = TestPaths.NewTempDir();
        string path = Path.Combine(dir.Path, "cpu-profile.json");
        Assert.Null(CpuProfile.Load(path));
        File.WriteAllText(path, "{\"cpu\": \"x\", \"peak_fp32_gflops\": ");
        Assert.StartsWith(path + ": not a CPU profile", Assert.Throws<InvalidDataException>(() => CpuProfile.Load(path)).Message);
        File.WriteAllText(path, "{\"cpu\":\"x\",\"peak_fp32_gflops\":0,\"peak_bf16_gflops\":1,\"utilisation_fp32\":1,\"utilisation_bf16\":1,\"runtime_mb\":1,\"memory_gb\":1}");
        Assert.Contains("must all be positive", Assert.Throws<InvalidDataException>(() => CpuProfile.Load(path)).Message);
    }

    [Fact]
    public void The_profile_lives_under_the_users_config_folder()
    {
        string? saved = Environment.GetEnvironmentVariable("SHARPTUNE_CONFIG_DIR");
        try
        {
            Environment.SetEnvironmentVariable("SHARPTUNE_CONFIG_DIR", "/tmp/st-config");
            Assert.Equal("/tmp/st-config/cpu-profile.json", CpuProfile.DefaultPath);
            Environment.SetEnvironmentVariable("SHARPTUNE_CONFIG_DIR", null);
            Assert.EndsWith(Path.Combine("sharptune", "cpu-profile.json"), CpuProfile.DefaultPath);
        }
        finally { Environment.SetEnvironmentVariable("SHARPTUNE_CONFIG_DIR", saved); }
    }
}
