namespace SharpTune.Text.Tokenization;

/// <summary>The result of <see cref="Tokenizer.Encode"/>: token ids and their token strings (same length).</summary>
public sealed class Encoding
{
    private readonly Lazy<IReadOnlyList<(int Start, int End)>> _offsets;

    internal Encoding(int[] ids, string[] tokens, Func<IReadOnlyList<(int Start, int End)>> offsets)
    {
        Ids = ids;
        Tokens = tokens;
        _offsets = new Lazy<IReadOnlyList<(int Start, int End)>>(() =>
        {
            var result = offsets();
            return result.Count == ids.Length
                ? result
                : throw new InvalidOperationException($"offset pass produced {result.Count} offsets for {ids.Length} tokens");
        });
    }

    /// <summary>
    /// For each token, the [Start, End) range of UTF-16 chars of the input it came from, as Rust `tokenizers`
    /// computes offsets (special tokens of the template: (0, 0)). Computed on first access (a second, slower pass).
    /// </summary>
    public IReadOnlyList<(int Start, int End)> Offsets => _offsets.Value;

    /// <summary>Token ids, including special tokens added by the post-processor when requested.</summary>
    public IReadOnlyList<int> Ids { get; }

    /// <summary>Token strings as stored in the vocabulary (byte-level alphabet, `▁`, `&lt;0xNN&gt;` …).</summary>
    public IReadOnlyList<string> Tokens { get; }

    /// <summary>Number of tokens.</summary>
    public int Count => Ids.Count;
}
