using System.CommandLine;
using SharpTune.Core.Checkpoints;
using SharpTune.Core.Checkpoints.Gguf;

namespace SharpTune.Cli.Commands;

/// <summary>`sharptune inspect FILE`: the metadata and tensors of a GGUF or safetensors file, checked as it is read.</summary>
internal static class InspectCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "A .gguf or .safetensors file." };
        var tensors = new Option<bool>("--tensors") { Description = "List every tensor (name, type, shape)." };
        var json = CliCommon.JsonOption();
        var cmd = new Command("inspect", "Show the metadata and tensors of a GGUF or safetensors file (malformed files are reported, never read out of range).") { file, tensors, json };
        cmd.SetAction(p =>
        {
            string path = p.GetValue(file)!;
            bool all = p.GetValue(tensors) || p.GetValue(json);
            if (path.EndsWith(".safetensors", StringComparison.Ordinal)) return Safetensors(path, all, p.GetValue(json));
            using var r = GgufReader.Open(path);
            if (p.GetValue(json))
            {
                CliCommon.WriteJson(new
                {
                    file = path, version = r.Version, alignment = r.Alignment,
                    metadata = r.Metadata.ToDictionary(m => m.Key, m => m.Value.Type == GgufValueType.Array ? (object)new { type = m.Value.ElementType.ToString(), count = m.Value.Items.Count } : m.Value.Value),
                    tensors = r.Tensors.Select(t => new { name = t.Name, type = t.Type.ToString(), shape = t.TorchShape, offset = t.Offset, bytes = t.ByteLength }),
                });
                return 0;
            }
            Console.Out.WriteLine($"{path}: GGUF v{r.Version}, {r.Metadata.Count} metadata keys, {r.Tensors.Count} tensors ({r.Tensors.Sum(t => t.ByteLength):N0} bytes of data)");
            foreach (var (k, v) in r.Metadata) Console.Out.WriteLine($"  {k,-44} {v}");
            var shown = all ? r.Tensors : r.Tensors.Take(12).ToList();
            foreach (var t in shown) Console.Out.WriteLine($"  {t.Name,-36} {t.Type,-5} [{string.Join(", ", t.TorchShape)}]");
            if (shown.Count < r.Tensors.Count) Console.Out.WriteLine($"  … {r.Tensors.Count - shown.Count} more (--tensors lists all)");
            return 0;
        });
        return cmd;
    }

    static int Safetensors(string path, bool all, bool json)
    {
        using var r = SafetensorsReader.Open(path);
        var entries = r.Entries.OrderBy(e => e.Begin).ToList();
        if (json) CliCommon.WriteJson(new { file = path, metadata = r.Metadata, tensors = entries.Select(e => new { name = e.Name, dtype = e.DType, shape = e.Shape, bytes = e.ByteLength }) });
        else
        {
            Console.Out.WriteLine($"{path}: safetensors, {entries.Count} tensors ({entries.Sum(e => e.ByteLength):N0} bytes)");
            foreach (var e in all ? entries : entries.Take(12).ToList()) Console.Out.WriteLine($"  {e.Name,-56} {e.DType,-4} [{string.Join(", ", e.Shape)}]");
        }
        return 0;
    }
}
