using SharpTune.Text.Templates;

namespace SharpTune.Text.Tests.Templates;

/// <summary>A character-level encoder (id = code point) with a few named special tokens at ids ≥ 1,000,000.</summary>
internal sealed class FakeTokenEncoder : ITokenEncoder
{
    private readonly Dictionary<string, int> _special;

    public FakeTokenEncoder(int? bos = 1, int? eos = 2, string? eosToken = "</s>", params string[] specials)
    {
        BosId = bos;
        EosId = eos;
        EosToken = eosToken;
        _special = specials.Select((s, i) => (s, i)).ToDictionary(p => p.s, p => 1_000_000 + p.i);
    }

    public int? BosId { get; }
    public int? EosId { get; }
    public string? EosToken { get; }

    public IReadOnlyList<int> Encode(string text) => [.. text.Select(c => (int)c)];

    public int? TokenToId(string token) => _special.TryGetValue(token, out int id) ? id : token == EosToken ? EosId : null;

    public int[] Ids(string text) => [.. Encode(text)];
}
