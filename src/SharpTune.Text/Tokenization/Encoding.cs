namespace SharpTune.Text.Tokenization;

/// <summary>The result of <see cref="Tokenizer.Encode"/>: token ids and their token strings (same length).</summary>
public sealed class Encoding
{
    internal Encoding(int[] ids, string[] tokens)
    {
        Ids = ids;
        Tokens = tokens;
    }

    /// <summary>Token ids, including special tokens added by the post-processor when requested.</summary>
    public IReadOnlyList<int> Ids { get; }

    /// <summary>Token strings as stored in the vocabulary (byte-level alphabet, `▁`, `&lt;0xNN&gt;` …).</summary>
    public IReadOnlyList<string> Tokens { get; }

    /// <summary>Number of tokens.</summary>
    public int Count => Ids.Count;
}
