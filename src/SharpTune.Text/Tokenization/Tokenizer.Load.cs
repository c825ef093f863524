using System.IO.Compression;
using System.Text.Json;
using SharpTune.Text.Tokenization.Decoders;
using SharpTune.Text.Tokenization.Models;
using SharpTune.Text.Tokenization.Normalizers;
using SharpTune.Text.Tokenization.PostProcessors;
using SharpTune.Text.Tokenization.PreTokenizers;
using SharpTune.Text.Tokenization.Serialization;

namespace SharpTune.Text.Tokenization;

/// <summary>Loading tokenizer.json (optionally gzipped) and tokenizer_config.json.</summary>
public sealed partial class Tokenizer
{
    private static readonly string[] JsonNames = ["tokenizer.json", "tokenizer.json.gz"];

    /// <summary>
    /// Loads a folder (tokenizer.json or tokenizer.json.gz, else tokenizer.model, plus optional
    /// tokenizer_config.json) or a single tokenizer.json / .json.gz / SentencePiece .model file.
    /// </summary>
    /// <exception cref="TokenizerFormatException">The file is malformed (message names file and key).</exception>
    public static Tokenizer Load(string dirOrFile)
    {
        ArgumentNullException.ThrowIfNull(dirOrFile);
        string? file = dirOrFile;
        string dir;
        if (Directory.Exists(dirOrFile))
        {
            dir = dirOrFile;
            file = JsonNames.Select(n => Path.Combine(dir, n)).FirstOrDefault(File.Exists);
            if (file is null)
            {
                var spm = Path.Combine(dir, "tokenizer.model");
                return File.Exists(spm)
                    ? FromSentencePieceModel(spm, ReadConfig(dir))
                    : throw new FileNotFoundException($"{dir}: no tokenizer.json, tokenizer.json.gz or tokenizer.model in this folder");
            }
        }
        else
        {
            if (!File.Exists(dirOrFile)) throw new FileNotFoundException($"{dirOrFile}: no such tokenizer file or folder");
            if (dirOrFile.EndsWith(".model", StringComparison.OrdinalIgnoreCase)) return FromSentencePieceModel(dirOrFile);
            dir = Path.GetDirectoryName(Path.GetFullPath(dirOrFile))!;
        }
        return FromJson(ReadAllBytes(file), file, ReadConfig(dir) ?? TokenizerConfig.Empty);
    }

    /// <summary>tokenizer_config.json (+ special_tokens_map.json) of a folder, or null when it has neither.</summary>
    private static TokenizerConfig? ReadConfig(string dir)
    {
        var configPath = Path.Combine(dir, "tokenizer_config.json");
        var mapPath = Path.Combine(dir, "special_tokens_map.json");
        if (!File.Exists(configPath) && !File.Exists(mapPath)) return null;
        var config = File.Exists(configPath) ? TokenizerConfig.Read(configPath) : TokenizerConfig.Empty;
        return File.Exists(mapPath) ? config.WithSpecialTokensMap(TokenizerConfig.Read(mapPath)) : config;
    }

    /// <summary>The tokenizer.json (or tokenizer.json.gz) of a folder, or the file itself; null when the folder has none.</summary>
    public static string? FindJson(string dirOrFile) =>
        Directory.Exists(dirOrFile) ? JsonNames.Select(n => Path.Combine(dirOrFile, n)).FirstOrDefault(File.Exists)
        : File.Exists(dirOrFile) ? dirOrFile : null;

    /// <summary>The bytes of a tokenizer.json, gunzipped when the name ends in .gz.</summary>
    public static byte[] ReadAllBytes(string file)
    {
        if (!file.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)) return File.ReadAllBytes(file);
        try
        {
            using var gz = new GZipStream(File.OpenRead(file), CompressionMode.Decompress);
            using var ms = new MemoryStream();
            gz.CopyTo(ms);
            return ms.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new TokenizerFormatException(file, "(gzip)", $"not a valid gzip file: {e.Message}", e);
        }
    }

    /// <summary>Builds a tokenizer from tokenizer.json bytes; <paramref name="file"/> names the source in errors.</summary>
    internal static Tokenizer FromJson(byte[] json, string file, TokenizerConfig config)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 256 });
        }
        catch (JsonException e)
        {
            throw new TokenizerFormatException(file, e.Path ?? "$", $"invalid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}): {e.Message}", e);
        }
        using (doc)
        {
            var root = new JsonSource(file, "$", doc.RootElement);
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw root.Error("expected a JSON object");
            var model = BpeModel.Read(root.Required("model"));
            var added = new List<AddedToken>();
            var addedSrc = root.Child("added_tokens");
            if (!addedSrc.IsNull)
            {
                foreach (var t in addedSrc.Items()) added.Add(ReadAddedToken(t));
            }
            return new Tokenizer(
                NormalizerReader.Read(root.Child("normalizer")),
                PreTokenizerReader.Read(root.Child("pre_tokenizer")),
                model,
                PostProcessor.Read(root.Child("post_processor")),
                DecoderReader.Read(root.Child("decoder")),
                added,
                config,
                root.Child("truncation") is { IsNull: false } tr ? tr.Element.GetRawText() : null,
                root.Child("padding") is { IsNull: false } pa ? pa.Element.GetRawText() : null);
        }
    }

    private static AddedToken ReadAddedToken(JsonSource t) => new(
        t.Int("id", -1) is var id && id >= 0 ? id : throw t.Child("id").Error("missing or invalid id"),
        t.String("content"),
        t.Bool("single_word", false),
        t.Bool("lstrip", false),
        t.Bool("rstrip", false),
        t.Bool("normalized", true),
        t.Bool("special", false));
}
