using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using SharpTune.Text.Tokenization.Models;

namespace SharpTune.Text.Tokenization.SentencePiece;

/// <summary>
/// Converts a BPE SentencePiece model to the tokenizer.json that transformers' `LlamaConverter` (legacy mode)
/// writes: BPE with byte fallback and fused unk, merges from `generate_merges` (pieces split in two, ordered by
/// score, then left / right length), normalizer Prepend("▁") + Replace(" ", "▁"), BOS template, and the
/// Replace / ByteFallback / Fuse / Strip decoder.
/// </summary>
internal static class LlamaConverter
{
    public static (byte[] TokenizerJson, JsonObject Config) Convert(SentencePieceModel spm, string path)
    {
        if (spm.ModelType != SentencePieceModel.ModelBpe)
        {
            throw new TokenizerFormatException(path, "trainer_spec.model_type", $"model type {spm.ModelType} is not supported (only BPE = 2)");
        }
        var vocab = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < spm.Pieces.Count; i++) vocab.TryAdd(spm.Pieces[i].Piece, i);
        var merges = GenerateMerges(spm, vocab);

        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("version", "1.0");
            w.WriteNull("truncation");
            w.WriteNull("padding");
            w.WriteStartArray("added_tokens");
            for (int i = 0; i < spm.Pieces.Count; i++)
            {
                var (piece, _, type) = spm.Pieces[i];
                if (type is not (SentencePieceModel.TypeUnknown or SentencePieceModel.TypeControl or SentencePieceModel.TypeUserDefined)) continue;
                w.WriteStartObject();
                w.WriteNumber("id", i);
                w.WriteString("content", piece);
                w.WriteBoolean("single_word", false);
                w.WriteBoolean("lstrip", false);
                w.WriteBoolean("rstrip", false);
                w.WriteBoolean("normalized", false);
                w.WriteBoolean("special", type != SentencePieceModel.TypeUserDefined);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            WriteRaw(w, "normalizer", spm.AddDummyPrefix
                ? """{"type":"Sequence","normalizers":[{"type":"Prepend","prepend":"▁"},{"type":"Replace","pattern":{"String":" "},"content":"▁"}]}"""
                : """{"type":"Replace","pattern":{"String":" "},"content":"▁"}""");
            w.WriteNull("pre_tokenizer");
            w.WriteNull("post_processor");
            WriteRaw(w, "decoder", $$"""{"type":"Sequence","decoders":[{"type":"Replace","pattern":{"String":"▁"},"content":" "},{"type":"ByteFallback"},{"type":"Fuse"}{{(spm.AddDummyPrefix ? ",{\"type\":\"Strip\",\"content\":\" \",\"start\":1,\"stop\":0}" : "")}}]}""");
            w.WritePropertyName("model");
            BpeModel.WriteJson(w, new BpeOptions(UnkToken: spm.UnkPiece, FuseUnk: true, ByteFallback: spm.ByteFallback), vocab, merges);
            w.WriteEndObject();
        }
        var config = new JsonObject
        {
            ["add_bos_token"] = true,
            ["add_eos_token"] = false,
            ["bos_token"] = spm.BosPiece,
            ["eos_token"] = spm.EosPiece,
            ["unk_token"] = spm.UnkPiece,
            ["pad_token"] = null,
            ["clean_up_tokenization_spaces"] = false,
            ["legacy"] = true,
            ["tokenizer_class"] = "LlamaTokenizer",
        };
        return (ms.ToArray(), config);
    }

    private static void WriteRaw(Utf8JsonWriter w, string name, string json)
    {
        w.WritePropertyName(name);
        w.WriteRawValue(json);
    }

    /// <summary>transformers' `generate_merges` with vocab scores (descending score, then left, right length; stable).</summary>
    internal static List<(string, string)> GenerateMerges(SentencePieceModel spm, Dictionary<string, int> vocab)
    {
        var all = new List<(string L, string R, float Score, int LenL, int LenR, int Order)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (piece, score, _) in spm.Pieces)
        {
            if (!seen.Add(piece)) continue; // Python dict(vocab_scores): first position, last score; pieces are unique in practice
            var local = new List<(string L, string R)>();
            var runes = piece.EnumerateRunes().ToArray();
            int charIndex = 0;
            for (int k = 1; k < runes.Length; k++)
            {
                charIndex += runes[k - 1].Utf16SequenceLength;
                string l = piece[..charIndex], r = piece[charIndex..];
                if (vocab.ContainsKey(l) && vocab.ContainsKey(r)) local.Add((l, r));
            }
            foreach (var (l, r) in local.OrderBy(x => vocab[x.L]).ThenBy(x => vocab[x.R]))
            {
                all.Add((l, r, score, CodePoints(l), CodePoints(r), all.Count));
            }
        }
        return all.OrderByDescending(m => m.Score).ThenByDescending(m => m.LenL).ThenByDescending(m => m.LenR).ThenBy(m => m.Order)
            .Select(m => (m.L, m.R)).ToList();
    }

    private static int CodePoints(string s) => s.EnumerateRunes().Count();
}
