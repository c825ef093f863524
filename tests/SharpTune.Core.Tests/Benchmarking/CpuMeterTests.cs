using System.Runtime.InteropServices;
using SharpTune.Core.Benchmarking;

namespace SharpTune.Core.Tests.Benchmarking;

public sealed class CpuMeterTests
{
    [Fact]
    public void The_peak_rss_can_be_reset_so_each_run_measures_its_own_peak()
    {
        const int Mb = 256;
        nint block = Marshal.AllocHGlobal(Mb << 20);
        try { for (int offset = 0; offset < Mb << 20; offset += 4096) Marshal.WriteByte(block, offset, 1); }   // every page touched: resident
        finally { Marshal.FreeHGlobal(block); }
        double peakWithBlock = CpuMeter.PeakRssMb();
        double now = CpuMeter.RssMb();
        Assert.True(peakWithBlock >= now + Mb * 0.9, $"peak {peakWithBlock} MB should hold the freed {Mb} MB block above RSS {now} MB");

        Assert.True(CpuMeter.ResetPeakRss(), "/proc/self/clear_refs refused the reset (Linux ≥ 4.0 allows it)");
        double peakAfter = CpuMeter.PeakRssMb();
        Assert.True(peakAfter < peakWithBlock - Mb * 0.9, $"after the reset the peak {peakAfter} MB should be near RSS {CpuMeter.RssMb()} MB, not {peakWithBlock} MB");
        Assert.InRange(peakAfter, CpuMeter.RssMb() * 0.5, CpuMeter.RssMb() + 64);
    }
}
