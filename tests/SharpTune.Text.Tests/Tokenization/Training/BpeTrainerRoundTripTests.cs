using SharpTune.Text.Tokenization.Training;

namespace SharpTune.Text.Tests.Tokenization.Training;

public sealed class BpeTrainerRoundTripTests
{
    [Fact]
    public void Metaspace_tokenizer_trained_on_Thai_loads_in_rust_and_round_trips_held_out_lines()
    {
        var (train, held) = TrainingFixtures.Split("thai_slice.txt");
        string dir = TrainingFixtures.TrainToDir(train, new BpeTrainerOptions { VocabSize = 2000, Kind = BpeModelKind.Metaspace });
        var rust = TrainingFixtures.LoadRust(dir);
        int tokens = 0, chars = 0;
        foreach (var line in held)
        {
            var ids = rust.Encode(line);
            Assert.Equal(line, rust.Decode(ids));
            tokens += ids.Length;
            chars += line.Length;
        }

        Assert.True(tokens < chars / 2, $"expected compression on Thai: {tokens} tokens for {chars} characters");
    }
}
