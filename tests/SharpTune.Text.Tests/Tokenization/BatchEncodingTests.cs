namespace SharpTune.Text.Tests.Tokenization;

/// <summary>The parallel batch path gives exactly the sequential results.</summary>
public sealed class BatchEncodingTests
{
    [Theory]
    [MemberData(nameof(TokenizerFixtures.NameData), MemberType = typeof(TokenizerFixtures))]
    public void Encode_batch_equals_encoding_one_by_one(string name)
    {
        var tok = TokenizerFixtures.Get(name);
        var texts = RandomTextGenerator.Generate(seed: 7, count: 300);
        var batch = tok.EncodeBatch(texts);
        Assert.Equal(texts.Count, batch.Length);
        for (int i = 0; i < texts.Count; i++)
        {
            Assert.Equal(tok.Encode(texts[i]).Ids, batch[i]);
            Assert.Equal(tok.EncodeToIds(texts[i], addSpecialTokens: false), tok.Encode(texts[i], addSpecialTokens: false).Ids);
        }
    }
}
