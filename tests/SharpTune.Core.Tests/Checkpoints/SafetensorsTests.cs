using System.Text;
using SharpTune.Core.Checkpoints;
using static TorchSharp.torch;

namespace SharpTune.Core.Tests.Checkpoints;

[Collection(TorchCollection.Name)]
public sealed class SafetensorsTests
{
    static string WriteRaw(TempDir dir, string header, int dataBytes, long? declaredLength = null)
    {
        var h = Encoding.UTF8.GetBytes(header);
        string path = Path.Combine(dir.Path, "t.safetensors");
        using var fs = File.Create(path);
        fs.Write(BitConverter.GetBytes((ulong)(declaredLength ?? h.Length)));
        fs.Write(h);
        fs.Write(new byte[dataBytes]);
        return path;
    }

    static string ErrorOf(string path) => Assert.Throws<SafetensorsFormatException>(() => SafetensorsReader.Open(path).Dispose()).Message;

    [Fact]
    public void Every_supported_dtype_round_trips_with_metadata()
    {
        using var dir = TestPaths.NewTempDir();
        string path = Path.Combine(dir.Path, "all.safetensors");
        var tensors = new Dictionary<string, Tensor>
        {
            ["f32"] = randn(3, 4), ["f16"] = randn(2, 5).to_type(ScalarType.Float16), ["bf16"] = randn(7).to_type(ScalarType.BFloat16),
            ["i64"] = arange(6L).view(2, 3), ["i32"] = arange(5, dtype: ScalarType.Int32), ["u8"] = arange(4, dtype: ScalarType.Byte),
            ["bool"] = tensor(new[] { true, false, true }), ["scalar"] = tensor(3.5f), ["empty"] = zeros(0, 4),
        };
        SafetensorsWriter.Write(path, tensors, new Dictionary<string, string> { ["format"] = "pt" });
        using var r = SafetensorsReader.Open(path);
        Assert.Equal("pt", r.Metadata["format"]);
        foreach (var (name, t) in tensors)
        {
            using var back = r.Read(name);
            Assert.Equal(t.dtype, back.dtype);
            Assert.Equal(t.shape, back.shape);
            Assert.True(t.equal(back).all().item<bool>(), name);
        }
    }

    [Fact]
    public void Writing_the_same_tensors_twice_gives_identical_bytes()
    {
        using var dir = TestPaths.NewTempDir();
        var t = new Dictionary<string, Tensor> { ["b"] = ones(2), ["a"] = zeros(3) };
        SafetensorsWriter.Write(Path.Combine(dir.Path, "1.safetensors"), t);
        SafetensorsWriter.Write(Path.Combine(dir.Path, "2.safetensors"), t.Reverse());
        Assert.Equal(File.ReadAllBytes(Path.Combine(dir.Path, "1.safetensors")), File.ReadAllBytes(Path.Combine(dir.Path, "2.safetensors")));
    }

    [Fact]
    public void Truncated_header_is_an_error()
    {
        using var dir = TestPaths.NewTempDir();
        string path = Path.Combine(dir.Path, "t.safetensors");
        File.WriteAllBytes(path, [1, 2, 3]);
        Assert.Contains("too short", ErrorOf(path));
    }

    [Fact]
    public void Header_length_beyond_the_file_is_an_error()
    {
        using var dir = TestPaths.NewTempDir();
        Assert.Contains("beyond the end of the file", ErrorOf(WriteRaw(dir, "{}", 0, declaredLength: 4096)));
    }

    [Fact]
    public void Data_offsets_out_of_range_are_an_error()
    {
        using var dir = TestPaths.NewTempDir();
        var msg = ErrorOf(WriteRaw(dir, """{"w":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}""", 8));
        Assert.Contains("'w'", msg);
        Assert.Contains("truncated", msg);
    }

    [Fact]
    public void Overlapping_tensors_are_an_error()
    {
        using var dir = TestPaths.NewTempDir();
        var msg = ErrorOf(WriteRaw(dir, """{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}""", 12));
        Assert.Contains("overlap", msg);
    }

    [Fact]
    public void Unknown_dtype_is_an_error_that_names_the_tensor()
    {
        using var dir = TestPaths.NewTempDir();
        var msg = ErrorOf(WriteRaw(dir, """{"w":{"dtype":"F8_E4M3","shape":[2],"data_offsets":[0,2]}}""", 2));
        Assert.Contains("unknown dtype 'F8_E4M3'", msg);
        Assert.Contains("'w'", msg);
    }

    [Fact]
    public void Shape_that_disagrees_with_the_byte_range_is_an_error()
    {
        using var dir = TestPaths.NewTempDir();
        Assert.Contains("needs 16 bytes", ErrorOf(WriteRaw(dir, """{"w":{"dtype":"F32","shape":[4],"data_offsets":[0,8]}}""", 8)));
    }

    [Fact]
    public void Header_that_is_not_json_is_an_error()
    {
        using var dir = TestPaths.NewTempDir();
        Assert.Contains("not valid JSON", ErrorOf(WriteRaw(dir, "{not json", 0)));
    }

    [Fact]
    public void Sharded_checkpoints_save_and_load_through_the_index()
    {
        using var dir = TestPaths.NewTempDir();
        var t = Enumerable.Range(0, 5).Select(i => KeyValuePair.Create($"t{i}", full(100, (float)i))).ToList();
        CheckpointStore.Save(dir.Path, t, maxShardBytes: 800);
        Assert.True(File.Exists(Path.Combine(dir.Path, CheckpointStore.IndexFile)));
        Assert.True(Directory.GetFiles(dir.Path, "model-*-of-*.safetensors").Length >= 2);
        using var store = CheckpointStore.Open(dir.Path);
        foreach (var (k, v) in t) Assert.True(store.Read(k).equal(v).all().item<bool>());
    }
}
