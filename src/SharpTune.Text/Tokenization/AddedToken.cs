namespace SharpTune.Text.Tokenization;

/// <summary>
/// A token matched in the raw (or normalized) text before the model runs, exactly like Hugging Face
/// `AddedToken`: <see cref="SingleWord"/> only matches outside words, <see cref="LStrip"/>/<see cref="RStrip"/>
/// swallow the whitespace on that side, <see cref="Normalized"/> matches against normalized text and
/// <see cref="Special"/> tokens are dropped by <c>Decode(skipSpecialTokens: true)</c>.
/// </summary>
public sealed record AddedToken(
    int Id,
    string Content,
    bool SingleWord = false,
    bool LStrip = false,
    bool RStrip = false,
    bool Normalized = false,
    bool Special = true);
