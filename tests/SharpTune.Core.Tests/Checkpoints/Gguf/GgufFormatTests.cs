using System.Buffers.Binary;
using System.Text;
using SharpTune.Core.Checkpoints.Gguf;
using Xunit.Abstractions;

namespace SharpTune.Core.Tests.Checkpoints.Gguf;

/// <summary>The GGUF writer and reader: round trips, ggml's number formats, and malformed files rejected with a sentence.</summary>
public sealed class GgufFormatTests(ITestOutputHelper output)
{
    static string Write(string dir, Action<GgufWriter>? more = null)
    {
        var w = new GgufWriter();
        w.Add("general.architecture", GgufValue.Of("llama"));
        w.Add("llama.block_count", GgufValue.Of(2u));
        w.Add("tokenizer.ggml.tokens", GgufValue.Strings(["<s>", "▁a", "猫"]));
        w.Add("tokenizer.ggml.scores", GgufValue.Floats([0f, -1.5f, -2f]));
        w.Add("flag", GgufValue.Of(true));
        w.AddTensor("token_embd.weight", [3, 64], GgufTensorType.F32, () => GgufTensorData.Encode(Enumerable.Range(0, 192).Select(i => i * 0.5f).ToArray(), GgufTensorType.F32));
        w.AddTensor("output_norm.weight", [5], GgufTensorType.F32, () => GgufTensorData.Encode(new float[] { 1, 2, 3, 4, 5 }, GgufTensorType.F32));
        more?.Invoke(w);
        string path = Path.Combine(dir, "m.gguf");
        w.Write(path);
        return path;
    }

    [Fact]
    public void Written_file_reads_back_with_the_same_metadata_and_tensors()
    {
        using var tmp = TestPaths.NewTempDir();
        using var r = GgufReader.Open(Write(tmp.Path));
        Assert.Equal(3u, r.Version);
        Assert.Equal("llama", r.Get("general.architecture")!.Value);
        Assert.Equal(2u, r.Get("llama.block_count")!.Value);
        Assert.Equal(["<s>", "▁a", "猫"], r.Get("tokenizer.ggml.tokens")!.Items.Cast<string>());
        Assert.Equal(true, r.Get("flag")!.Value);
        var embd = r.Tensor("token_embd.weight");
        Assert.Equal([64L, 3L], embd.Dims);                                                    // ggml order: innermost first
        Assert.Equal(0, embd.Offset % 32);
        Assert.Equal(0, r.Tensor("output_norm.weight").Offset % 32);
        Assert.Equal(95.5f, r.ReadFloats("token_embd.weight")[191]);
        Assert.Equal([1f, 2, 3, 4, 5], r.ReadFloats("output_norm.weight"));
    }

    [Fact]
    public void Q8_0_blocks_follow_ggml_reference_quantization()
    {
        var x = Enumerable.Range(0, 64).Select(i => MathF.Sin(i) * (i < 32 ? 1f : 0.01f)).ToArray();
        x[40] = 0;
        var q = GgufTensorData.Encode(x, GgufTensorType.Q8_0);
        Assert.Equal(2 * 34, q.Length);
        for (int b = 0; b < 2; b++)
        {
            var block = x.AsSpan(b * 32, 32).ToArray();
            float d = block.Max(MathF.Abs) / 127f;
            Assert.Equal((Half)d, BinaryPrimitives.ReadHalfLittleEndian(q.AsSpan(b * 34)));
            for (int j = 0; j < 32; j++) Assert.Equal((sbyte)MathF.Round(block[j] / d, MidpointRounding.AwayFromZero), (sbyte)q[b * 34 + 2 + j]);
        }
        var back = GgufTensorData.Decode(q, GgufTensorType.Q8_0, 64);
        for (int i = 0; i < 64; i++)
        {
            float blockMax = x.AsSpan(i / 32 * 32, 32).ToArray().Max(MathF.Abs);
            Assert.True(Math.Abs(x[i] - back[i]) <= blockMax * (0.5f / 127 + 1e-3f), $"value {i}: {x[i]} came back as {back[i]}"); // half a step + f16 rounding of d
        }
        Assert.Equal(0f, back[40]);
        Assert.Equal(new byte[34], GgufTensorData.Encode(new float[32], GgufTensorType.Q8_0));  // d = 0 gives q = 0
    }

    [Fact]
    public void Half_and_bfloat16_round_to_nearest_even()
    {
        var x = new[] { 1f, 1.00048828125f, 1.0009765625f + 1e-7f, -3.14159f, 65504f, 1e-8f };
        var f16 = GgufTensorData.Decode(GgufTensorData.Encode(x, GgufTensorType.F16), GgufTensorType.F16, x.Length);
        Assert.Equal(x.Select(v => (float)(Half)v), f16);
        Assert.Equal(0x3f80, GgufTensorData.ToBf16(1.00390625f));                              // exactly half-way, even stays
        Assert.Equal(0x3f82, GgufTensorData.ToBf16(1.01171875f));                              // half-way from odd 0x3f81 rounds up to even
        Assert.Equal(0x7fc0, GgufTensorData.ToBf16(float.NaN) & 0x7fc0);
    }

    [Fact]
    public void Interrupted_write_leaves_no_file()
    {
        using var tmp = TestPaths.NewTempDir();
        using var cts = new CancellationTokenSource();
        var w = new GgufWriter();
        w.Add("general.architecture", GgufValue.Of("llama"));
        w.AddTensor("a.weight", [32], GgufTensorType.F32, () => { cts.Cancel(); return new byte[128]; });
        w.AddTensor("b.weight", [32], GgufTensorType.F32, () => new byte[128]);
        string path = Path.Combine(tmp.Path, "x.gguf");
        Assert.ThrowsAny<OperationCanceledException>(() => w.Write(path, cts.Token));
        Assert.Empty(Directory.EnumerateFileSystemEntries(tmp.Path));
        w = new GgufWriter();
        w.AddTensor("a.weight", [32], GgufTensorType.F32, () => throw new IOException("disk full"));
        Assert.Throws<IOException>(() => w.Write(path));
        Assert.Empty(Directory.EnumerateFileSystemEntries(tmp.Path));
    }

    public static IEnumerable<object[]> Corruptions() => new (string Name, Func<byte[], byte[]> Corrupt, string Expected)[]
    {
        ("empty", b => [], "truncated"),
        ("bad magic", b => { var c = b.ToArray(); c[0] = (byte)'X'; return c; }, "not a GGUF file"),
        ("version 7", b => { var c = b.ToArray(); BinaryPrimitives.WriteUInt32LittleEndian(c.AsSpan(4), 7); return c; }, "version 7"),
        ("absurd tensor count", b => { var c = b.ToArray(); BinaryPrimitives.WriteUInt64LittleEndian(c.AsSpan(8), ulong.MaxValue); return c; }, "tensor_count"),
        ("absurd kv count", b => { var c = b.ToArray(); BinaryPrimitives.WriteUInt64LittleEndian(c.AsSpan(16), 1UL << 40); return c; }, "metadata_kv_count"),
        ("absurd key length", b => { var c = b.ToArray(); BinaryPrimitives.WriteUInt64LittleEndian(c.AsSpan(24), 1UL << 50); return c; }, "claims"),
        ("truncated header", b => b[..100], "truncated"),
        ("truncated data", b => b[..^40], "truncated"),
        ("tensor offset out of range", b => SetTensorField(b, "output_norm.weight", 1, 1UL << 40), "spans"),
        ("misaligned offset", b => SetTensorField(b, "output_norm.weight", 1, 4), "alignment"),
        ("unknown tensor type", b => SetTensorField(b, "output_norm.weight", 0, 99), "ggml type 99"),
        ("overlapping tensors", b => SetTensorField(b, "output_norm.weight", 1, 0), "overlap"),
    }.Select(c => new object[] { c.Name, c.Corrupt, c.Expected });

    /// <summary>Overwrites the type (field 0, u32) or offset (field 1, u64) of a tensor info found by its name.</summary>
    static byte[] SetTensorField(byte[] file, string tensor, int field, ulong value)
    {
        var c = file.ToArray();
        int at = c.AsSpan().IndexOf(Encoding.UTF8.GetBytes(tensor)) + tensor.Length;
        uint nDims = BinaryPrimitives.ReadUInt32LittleEndian(c.AsSpan(at));
        int typeAt = at + 4 + 8 * (int)nDims;
        if (field == 0) BinaryPrimitives.WriteUInt32LittleEndian(c.AsSpan(typeAt), (uint)value);
        else BinaryPrimitives.WriteUInt64LittleEndian(c.AsSpan(typeAt + 4), value);
        return c;
    }

    [Theory]
    [MemberData(nameof(Corruptions))]
    public void Malformed_file_is_rejected_with_a_clear_error(string name, Func<byte[], byte[]> corrupt, string expected)
    {
        using var tmp = TestPaths.NewTempDir();
        string good = Write(tmp.Path);
        string bad = Path.Combine(tmp.Path, "bad.gguf");
        File.WriteAllBytes(bad, corrupt(File.ReadAllBytes(good)));
        var e = Assert.Throws<GgufFormatException>(() => GgufReader.Open(bad).Dispose());
        output.WriteLine($"{name}: {e.Message}");
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.StartsWith(bad, e.Message, StringComparison.Ordinal);
    }
}
