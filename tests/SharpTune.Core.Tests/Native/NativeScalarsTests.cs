using System.Runtime.InteropServices;
using SharpTune.Core.Native;
using static TorchSharp.torch;

namespace SharpTune.Core.Tests.Native;

/// <summary>The native scalars TorchSharp leaves to the finalizer are freed by one call per step.</summary>
[Collection(TorchCollection.Name)]                                  // measures the process's malloc heap: nothing else may run
public sealed class NativeScalarsTests
{
    [StructLayout(LayoutKind.Sequential)]
    struct MallInfo2 { public nuint arena, ordblks, smblks, hblks, hblkhd, usmblks, fsmblks, uordblks, fordblks, keepcost; }

    [DllImport("libc")] static extern MallInfo2 mallinfo2();

    static long HeapInUse() => (long)mallinfo2().uordblks;

    static void ScaleMany(Tensor x, int times)
    {
        for (int i = 0; i < times; i++)
        {
            using var scope = NewDisposeScope();                    // disposes the tensors, not the Scalar made from 0.5
            x.mul(0.5);
        }
    }

    [Fact]
    public void Ops_with_numbers_leave_native_scalars_that_Release_frees()
    {
        using var x = ones(4);
        ScaleMany(x, 1000);                                         // warm: allocator caches, JIT
        string last = "";
        for (int attempt = 0; attempt < 3; attempt++)               // another thread's malloc may blur one attempt
        {
            NativeScalars.Release();
            long before = HeapInUse();
            Assert.True(GC.TryStartNoGCRegion(64 << 20), "no-GC region refused");  // no collection may free them on its own
            ScaleMany(x, 20_000);
            long grown = HeapInUse() - before;
            GC.EndNoGCRegion();
            NativeScalars.Release();
            long left = HeapInUse() - before;
            if (grown > 20_000 * 16 && left < grown / 4) return;
            last = $"20 000 ops grew the heap by {grown} bytes; after Release {left} bytes were still in use";
        }
        Assert.Fail(last);
    }
}
