using SharpTune.Core.Modeling;
using static TorchSharp.torch;

namespace SharpTune.Core.Tests.Modeling;

[Collection(TorchCollection.Name)]
[Trait("Category", "Numeric")]
public sealed class CpuKernelsTests
{
    /// <summary>Hugging Face LlamaRMSNorm's op-by-op graph, the reference the kernel must reproduce.</summary>
    static Tensor ReferenceRmsNorm(Tensor x, Tensor w, double eps)
    {
        var h = x.to_type(ScalarType.Float32);
        h = h * rsqrt(h.pow(2).mean([-1L], keepdim: true) + eps);
        return w * h.to_type(x.dtype);
    }

    public static TheoryData<ScalarType, long, long, long, bool> RmsCases => new()
    {
        { ScalarType.Float32, 3, 5, 37, true },                                               // H not a multiple of the vector width
        { ScalarType.Float32, 4, 100, 512, false },
        { ScalarType.BFloat16, 3, 5, 37, false },
        { ScalarType.BFloat16, 4, 100, 512, true },
        { ScalarType.BFloat16, 2, 4096, 512, true },                                          // 4 M elements: rows split over threads
    };

    [Theory]
    [MemberData(nameof(RmsCases))]
    public void RmsNorm_kernel_matches_the_op_by_op_graph_forward_and_backward(ScalarType dtype, long B, long T, long H, bool trainWeight)
    {
        manual_seed(11);
        var x = (randn(B, T, H) * 3).to_type(dtype);
        var w = (randn(H) * 0.5 + 1).to_type(dtype);
        var dy = randn(B, T, H).to_type(dtype);
        foreach (int bits in KernelPath.Widths)
        {
            using var path = new KernelPath(true, bits);                                       // the kernel, even where the model would not take it
            RmsNormAtWidth(x, w, dy, dtype, trainWeight, $"{bits}-bit");
        }
    }

    static void RmsNormAtWidth(Tensor x, Tensor w, Tensor dy, ScalarType dtype, bool trainWeight, string width)
    {
        long H = x.shape[^1];
        var norm = new LlamaRMSNorm(H, 1e-6, dtype);
        using (no_grad()) norm.weight.copy_(w);
        norm.weight.requires_grad_(trainWeight);
        Assert.True(RmsNormFunction.Applies(x, norm.weight));

        var x1 = x.clone().requires_grad_();
        var y1 = norm.forward(x1);
        y1.backward([dy]);
        var x2 = x.clone().requires_grad_();
        var w2 = w.clone().requires_grad_(trainWeight);
        var y2 = ReferenceRmsNorm(x2, w2, 1e-6);
        y2.backward([dy]);

        // bfloat16: at most one unit in the last place where float32 sums differ in order; float32: rounding only
        double tol = dtype == ScalarType.BFloat16 ? 1.0 / 64 : 1e-5;
        AssertClose(y2, y1, tol, $"{width} y");
        AssertClose(x2.grad!, x1.grad!, tol, $"{width} dx");
        if (trainWeight) AssertClose(w2.grad!, norm.weight.grad!, tol, $"{width} dw");
        else Assert.Null(norm.weight.grad);
        using (no_grad()) AssertClose(y2, norm.forward(x), tol, $"{width} y without grad");
    }

    [Fact]
    public void Vector_exp_is_within_a_few_ulp_of_the_correctly_rounded_value_at_both_widths()
    {
        ExpAtWidth<Float256>();
        ExpAtWidth<Float512>();
    }

    static void ExpAtWidth<V>() where V : struct, IFloatVector<V>
    {
        double worst = 0;
        var offsets = V.Indices * V.Create(0.01f);                                            // 0, 0.01, … across the lanes
        for (float x0 = -87f; x0 < 88f; x0 += 0.37f)
        {
            var v = V.Create(x0) + offsets;
            var e = CpuKernels.Exp(v);
            var (xs, es) = (Lanes(v), Lanes(e));
            for (int i = 0; i < V.Count; i++)
                worst = Math.Max(worst, Math.Abs(es[i] - Math.Exp(xs[i])) / Math.Exp(xs[i]));
        }
        Assert.InRange(worst, 0, 3 * 6e-8);                                                   // 3 ulp of float32
        Assert.Equal(1f, Lanes(CpuKernels.Exp(V.Zero))[0]);
        Assert.True(Lanes(CpuKernels.Exp(V.Create(-1000f)))[0] < 1e-37f);                     // clamped, not NaN
    }

    static float[] Lanes<V>(V v) where V : struct, IFloatVector<V> =>
        System.Runtime.InteropServices.MemoryMarshal.Cast<V, float>(System.Runtime.InteropServices.MemoryMarshal.CreateSpan(ref v, 1)).ToArray();

    [Fact]
    public void Bfloat16_rounding_is_to_nearest_even_as_libtorch_casts()
    {
        var values = new float[] { 1f, 1.00390625f, 1.01171875f, -2.5f, 3.14159f, 1e-30f, 65504f, float.PositiveInfinity, 0f, -0f };
        var reference = tensor(values).to_type(ScalarType.BFloat16).to_type(ScalarType.Float32).data<float>().ToArray();
        for (int i = 0; i < values.Length; i++)
            Assert.Equal(reference[i], BitConverter.Int32BitsToSingle(CpuKernels.ToBf16(values[i]) << 16));
        Assert.True(float.IsNaN(BitConverter.Int32BitsToSingle(CpuKernels.ToBf16(float.NaN) << 16)));
    }

    [Fact]
    public void Kernels_reject_tensors_they_cannot_take()
    {
        var x = randn(4, 8);
        Assert.Throws<ArgumentException>(() => CpuKernels.RmsNormForward(x.t(), ones(4), 1e-6, empty(8, 4), new float[8]));   // not contiguous
        Assert.Throws<ArgumentException>(() => CpuKernels.RmsNormForward(x, ones(8, dtype: ScalarType.Float64), 1e-6, empty(4, 8), new float[4]));
        Assert.ThrowsAny<ArgumentException>(() => CpuKernels.SoftmaxCrossEntropyRows(x.clone(), new long[] { 0, 1, 8, 2 }, new float[4]));
    }

    [Theory]
    [InlineData(ScalarType.Float32, 3L, 0L, 1e-6)]
    [InlineData(ScalarType.Float32, 5L, 19L, 1e-6)]                                           // a later block: 19 + 5 keys, not a multiple of 16
    [InlineData(ScalarType.BFloat16, 7L, 33L, 1.0 / 128)]
    [InlineData(ScalarType.Float32, 20L, 30L, 1e-6)]                                          // 31…50 keys: masked last vectors, and scalar tails
    [InlineData(ScalarType.BFloat16, 20L, 30L, 1.0 / 128)]
    public void Causal_softmax_rows_equal_the_masked_softmax_and_its_backward(ScalarType dtype, long n, long start, double tol)
    {
        manual_seed(4);
        long S = start + n, R = 4 * n;                                                         // 4 (batch · head) slabs of n query rows
        var scores = (randn(R, S) * 3).to_type(dtype);
        var dp = randn(R, S).to_type(dtype);
        var d = randn(R);
        var pos = (arange(R) % n + start).unsqueeze(1);                                        // each row's query position
        var future = arange(S).unsqueeze(0).gt(pos);
        var p = scores.to_type(ScalarType.Float32).masked_fill(future, double.NegativeInfinity).softmax(-1);
        var ds = p * (dp.to_type(ScalarType.Float32) - d.unsqueeze(1));

        foreach (int bits in KernelPath.Widths)
        {
            using var path = new KernelPath(true, bits);
            var forward = scores.clone();
            CpuKernels.CausalSoftmaxRows(forward, n, start);
            AssertClose(p, forward, tol, $"{bits}-bit p");
            var pk = scores.clone();
            var dsk = dp.clone();
            CpuKernels.CausalSoftmaxBackwardRows(pk, dsk, d, n, start);
            AssertClose(p, pk, tol, $"{bits}-bit p (backward)");
            AssertClose(ds, dsk, tol, $"{bits}-bit dS");
            Assert.Equal(0, pk.masked_select(future).to_type(ScalarType.Float32).abs().sum().item<float>());
            Assert.Equal(0, forward.masked_select(future).to_type(ScalarType.Float32).abs().sum().item<float>());
            Assert.Equal(0, dsk.masked_select(future).to_type(ScalarType.Float32).abs().sum().item<float>());
        }
        Assert.Throws<ArgumentException>(() => CpuKernels.CausalSoftmaxRows(scores.clone(), n + 1, start));  // rows not whole blocks
    }

    [Fact]
    public void A_nan_logit_gives_a_nan_loss_so_the_trainers_guard_sees_it()
    {
        var logits = randn(3, 40);
        logits[1, 17] = tensor(float.NaN);
        var loss = new float[3];
        CpuKernels.SoftmaxCrossEntropyRows(logits, new long[] { 0, 1, 2 }, loss);
        Assert.True(float.IsFinite(loss[0]) && float.IsFinite(loss[2]));
        Assert.True(float.IsNaN(loss[1]));
    }

    /// <summary>Hugging Face's rotary embedding op by op: x·cos + rotate_half(x)·sin.</summary>
    static Tensor ReferenceRotary(Tensor x, Tensor cos, Tensor sin)
    {
        long half = x.shape[^1] / 2;
        var rotated = cat([-x.narrow(-1, half, half), x.narrow(-1, 0, half)], -1);
        return x * cos.unsqueeze(1) + rotated * sin.unsqueeze(1);
    }

    public static TheoryData<ScalarType, long, long, bool, bool, double> RotaryCases => new()
    {
        { ScalarType.Float32, 2, 64, true, false, 1e-6 },                                     // the projection's layout, per-sequence cos
        { ScalarType.Float32, 3, 20, false, true, 1e-6 },                                     // half = 10: scalar loop; cos shared by the batch
        { ScalarType.BFloat16, 2, 64, true, true, 0 },                                        // bfloat16 rounds exactly as the graph
        { ScalarType.BFloat16, 2, 96, false, false, 0 },                                      // half = 48: three vectors
    };

    [Theory]
    [MemberData(nameof(RotaryCases))]
    public void Rotary_kernel_matches_the_op_by_op_graph_forward_and_backward(ScalarType dtype, long B, long hd, bool tokenMajor, bool sharedCos, double tol)
    {
        manual_seed(5);
        long heads = 3, T = 7;
        var src = (randn(B, T, heads, hd) * 2).to_type(dtype);
        var angles = arange(T * hd).to_type(ScalarType.Float32).view(1, T, hd) * 0.37;
        if (!sharedCos) angles = angles.expand(B, T, hd) + arange(B).view(B, 1, 1);
        var (cos, sin) = (angles.cos().to_type(dtype).contiguous(), angles.sin().to_type(dtype).contiguous());
        var dy = randn(B, heads, T, hd).to_type(dtype);
        Tensor Input() { var x = src.clone(); return (tokenMajor ? x.transpose(1, 2) : x.transpose(1, 2).contiguous()).requires_grad_(); }

        foreach (int bits in KernelPath.Widths)
        {
            var x1 = Input();
            using var path = new KernelPath(true, bits);                                       // the kernel, even where the model would not take it
            Assert.True(RotaryFunction.Applies(x1, cos, sin));
            var y1 = RotaryEmbedding.apply(x1, cos, sin);
            y1.backward([dy]);
            var x2 = Input();
            var y2 = ReferenceRotary(x2, cos, sin);
            y2.backward([dy]);
            AssertClose(y2, y1, tol, $"{bits}-bit y");
            AssertClose(x2.grad!, x1.grad!, tol, $"{bits}-bit dx");
            Assert.True(y1.is_contiguous());
            Assert.Equal(tokenMajor, !x1.grad!.is_contiguous());                                // the gradient comes back in the input's layout
            using (no_grad()) AssertClose(y2, RotaryEmbedding.apply(Input().detach(), cos, sin), tol, $"{bits}-bit y without grad");
        }
    }

    public static TheoryData<ScalarType, long, bool, bool> SwiGluCases => new()
    {
        { ScalarType.Float32, 37, true, true },                                               // not a multiple of the vector width
        { ScalarType.BFloat16, 37, true, false },
        { ScalarType.BFloat16, 688, false, true },
        { ScalarType.BFloat16, 40000, true, true },                                           // 120 K elements: split over threads
    };

    [Theory]
    [MemberData(nameof(SwiGluCases))]
    public void SwiGlu_kernel_matches_the_op_by_op_graph_forward_and_backward(ScalarType dtype, long I, bool gateGrad, bool upGrad)
    {
        manual_seed(6);
        var g = (randn(3, I) * 4).to_type(dtype);                                              // into both tails of the sigmoid
        var u = randn(3, I).to_type(dtype);
        var dy = randn(3, I).to_type(dtype);
        var (g2, u2) = (g.clone().requires_grad_(gateGrad), u.clone().requires_grad_(upGrad));
        var y2 = nn.functional.silu(g2) * u2;
        y2.backward([dy]);
        // bfloat16: one unit in the last place where the float32 exp differs from libtorch's in the last bits
        double tol = dtype == ScalarType.BFloat16 ? 1.0 / 128 : 1e-6;
        foreach (int bits in KernelPath.Widths)
        {
            using var path = new KernelPath(true, bits);
            var (g1, u1) = (g.clone().requires_grad_(gateGrad), u.clone().requires_grad_(upGrad));
            var y1 = SwiGluFunction.apply(g1, u1);
            y1.backward([dy]);
            AssertClose(y2, y1, tol, $"{bits}-bit y");
            if (gateGrad) AssertClose(g2.grad!, g1.grad!, tol, $"{bits}-bit dg"); else Assert.Null(g1.grad);
            if (upGrad) AssertClose(u2.grad!, u1.grad!, tol, $"{bits}-bit du"); else Assert.Null(u1.grad);
        }
    }

    [Fact]
    public void Kernels_give_the_same_bits_on_libtorchs_threads_and_on_dotnets()
    {
        manual_seed(7);
        const long N = 8200;                                                                   // 4.2 M elements: split the same way on either threads
        var x = (randn(N, 512) * 2).to_type(ScalarType.BFloat16);
        var w = (randn(512) + 1).to_type(ScalarType.BFloat16);
        var dy = randn(N, 512).to_type(ScalarType.BFloat16);
        var labels = randint(0, 512, [N]).data<long>().ToArray();
        var results = new List<Tensor[]>();
        bool before = CpuKernels.UseOmpTeam;
        try
        {
            foreach (bool omp in new[] { true, false })
            {
                CpuKernels.UseOmpTeam = omp && SharpTune.Core.Native.OmpTeam.Available;
                var (y, dx, sw, ce) = (empty_like(x), empty_like(x), empty_like(x), x.clone());
                var (rstd, dw, loss) = (new float[N], new float[512], new float[N]);
                CpuKernels.RmsNormForward(x, w, 1e-6, y, rstd);
                CpuKernels.RmsNormBackward(x, w, rstd, dy, dx, dw);
                CpuKernels.SwiGluForward(x, dy, sw);
                CpuKernels.SoftmaxCrossEntropyRows(ce, labels, loss);
                results.Add([y, dx, tensor(dw), sw, ce, tensor(loss)]);
            }
        }
        finally { CpuKernels.UseOmpTeam = before; }
        for (int i = 0; i < results[0].Length; i++) Assert.True(results[0][i].eq(results[1][i]).all().item<bool>(), $"output {i} differs");
    }

    static void AssertClose(Tensor expected, Tensor actual, double tol, string what)
    {
        var e = expected.to_type(ScalarType.Float32);
        var a = actual.to_type(ScalarType.Float32);
        var err = ((a - e).abs() / (e.abs() + 1)).max().item<float>();
        Assert.True(err <= tol, $"{what}: largest relative error {err} > {tol}");
    }
}
