using SharpTune.Core.Modeling;

namespace SharpTune.Core.Tests.Modeling;

/// <summary>
/// For the life of the scope, the model runs on SharpTune's CPU kernels (or on libtorch's ops), whatever this CPU would
/// choose, at the given vector width: CPUs with AVX2 or AVX-512 take the kernels (256- or 512-bit), others libtorch's
/// ops, and both paths and both widths must be tested on any CPU (.NET emulates a width the CPU lacks, bit for bit).
/// Only for tests in the torch collection, which run alone.
/// </summary>
internal sealed class KernelPath : IDisposable
{
    readonly bool _before = CpuKernels.InModel;
    readonly int _bitsBefore = CpuKernels.VectorBits;

    /// <summary>The kernels' vector widths every kernel test runs at.</summary>
    public static readonly int[] Widths = [256, 512];

    public KernelPath(bool kernels, int bits = 0)
    {
        CpuKernels.InModel = kernels;
        if (bits != 0) CpuKernels.VectorBits = bits;
    }

    public void Dispose()
    {
        CpuKernels.InModel = _before;
        CpuKernels.VectorBits = _bitsBefore;
    }
}
