namespace SharpTune.Core.Generation;

/// <summary>Encode/decode for a model folder, when it has a tokenizer. Filled in by the tokenizer engine.</summary>
internal sealed class TokenizerBridge
{
    public static TokenizerBridge? TryLoad(string dir) => null;
    public long[] Encode(string text) => throw new InvalidOperationException(text);
    public string Decode(long[] ids, bool skipSpecial) => throw new InvalidOperationException(ids.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) + skipSpecial);
}
