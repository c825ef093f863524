using SharpTune.Core.Modeling;

namespace SharpTune.Core.Tests.Modeling;

/// <summary>
/// For the life of the scope, the model runs on SharpTune's CPU kernels (or on libtorch's ops), whatever this CPU would
/// choose: CPUs with 512-bit vectors take the kernels, others libtorch's ops, and both paths must be tested on any CPU.
/// Only for tests in the torch collection, which run alone.
/// </summary>
internal sealed class KernelPath : IDisposable
{
    readonly bool _before = CpuKernels.InModel;

    public KernelPath(bool kernels) => CpuKernels.InModel = kernels;

    public void Dispose() => CpuKernels.InModel = _before;
}
