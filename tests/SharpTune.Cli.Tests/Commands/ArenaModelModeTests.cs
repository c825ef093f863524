using System.Text.Json.Nodes;
using SharpTune.Core.Configuration;
using SharpTune.Server.Arena;

namespace SharpTune.Cli.Tests.Commands;

/// <summary>The arena's model mode generates each adapter's answers with the same code as `sharptune predict`. Slow for a
/// unit test on purpose (a 2-step LoRA training and two decodes of 3 prompts × 6 tokens on the bundled 260K model: a few
/// seconds on an idle 2-core machine, ~35 s under a load average of 35).</summary>
[Collection("cli")]
public sealed class ArenaModelModeTests
{
    static readonly string Stories = Path.Combine(CliRunner.RepoRoot, "examples", "models", "stories260K");
    static readonly string Data = Path.Combine(CliRunner.RepoRoot, "examples", "data");

    [Fact]
    public void Base_and_a_trained_adapter_answer_the_dataset_as_predict_does()
    {
        string dir = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "sharptune-arena-model-" + Guid.NewGuid().ToString("N"))).FullName;
        try
        {
            string adapter = Path.Combine(dir, "adapter");
            var train = CliRunner.Run("train", "--model_name_or_path", Stories, "--finetuning_type", "lora", "--lora_rank", "4", "--lora_target", "q_proj,v_proj",
                "--dataset", "bible_en_es_demo", "--dataset_dir", Data, "--template", "alpaca", "--output_dir", adapter, "--max_steps", "2",
                "--learning_rate", "1e-2", "--cutoff_len", "64", "--per_device_train_batch_size", "2", "--json");
            Assert.True(train.Exit == 0, train.Err);

            var files = ArenaRunner.Answers(new ArenaServeOptions
            {
                DbPath = Path.Combine(dir, "arena.db"),
                Model = new ModelArguments { ModelNameOrPath = Stories },
                Adapters = [("plain", "base"), ("tuned", adapter)],
                Data = new DataArguments { Dataset = ["bible_en_es_demo"], DatasetDir = Data, Template = "alpaca", MaxSamples = 3 },
                Generating = new GeneratingArguments { MaxNewTokens = 6 },
            }, _ => { });
            var items = ArenaPredictions.Load(files);
            Assert.Equal(3, items.Count);
            Assert.Equal(Path.Combine(dir, "arena.db.predictions", "tuned", "generated_predictions.jsonl"), files[1].Path);

            string predicted = Path.Combine(dir, "predict");
            var predict = CliRunner.Run("predict", "--model_name_or_path", Stories, "--adapter_name_or_path", adapter, "--dataset", "bible_en_es_demo",
                "--dataset_dir", Data, "--template", "alpaca", "--max_samples", "3", "--max_new_tokens", "6", "--output_dir", predicted);
            Assert.True(predict.Exit == 0, predict.Err);
            var expected = File.ReadAllLines(Path.Combine(predicted, "generated_predictions.jsonl")).Select(l => (string)JsonNode.Parse(l)!["predict"]!).ToList();
            Assert.Equal(expected, items.Select(i => i.Answers["tuned"]));
            Assert.All(items, i => Assert.Contains("Translate to Spanish", i.Prompt));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void A_missing_adapter_folder_is_named_with_the_base_hint()
    {
        var e = Assert.Throws<DirectoryNotFoundException>(() => ArenaRunner.Answers(new ArenaServeOptions
        {
            DbPath = "x.db", Model = new ModelArguments { ModelNameOrPath = Stories }, Adapters = [("a", "base"), ("b", "/no/adapter")],
            Data = new DataArguments { Dataset = ["bible_en_es_demo"], DatasetDir = Data },
        }, _ => { }));
        Assert.Contains("--adapters: b=/no/adapter: no such adapter folder (use b=base", e.Message);
    }
}
