namespace SharpTune.Text.Metrics;

/// <summary>
/// sacreBLEU 2.x <c>CHRF(...)</c> arguments. <see cref="WordOrder"/> 2 is chrF++. With
/// <see cref="EpsSmoothing"/> false (the default) orders without n-grams are left out of the average
/// (sacreBLEU's effective order); true is the chrF++.py / Moses / NLTK epsilon smoothing.
/// </summary>
public sealed record ChrfOptions
{
    /// <summary>Character n-gram order (default 6).</summary>
    public int CharOrder { get; init; } = 6;

    /// <summary>Word n-gram order: 0 = chrF, 2 = chrF++.</summary>
    public int WordOrder { get; init; }

    /// <summary>Recall weight β (default 2).</summary>
    public int Beta { get; init; } = 2;

    /// <summary>Lowercase before extracting n-grams.</summary>
    public bool Lowercase { get; init; }

    /// <summary>Keep whitespace inside character n-grams (sacreBLEU's <c>whitespace=True</c>).</summary>
    public bool Whitespace { get; init; }

    /// <summary>Epsilon smoothing instead of effective order.</summary>
    public bool EpsSmoothing { get; init; }

    /// <summary>chrF++ defaults (word order 2).</summary>
    public static ChrfOptions ChrfPlusPlus { get; } = new() { WordOrder = 2 };

    internal void Validate()
    {
        if (CharOrder < 0 || WordOrder < 0 || CharOrder + WordOrder == 0)
        {
            throw new ArgumentException($"chrF needs char_order + word_order > 0, got {CharOrder} and {WordOrder}.");
        }
        if (Beta < 0) throw new ArgumentException($"chrF beta must be non-negative, got {Beta}.");
    }
}
