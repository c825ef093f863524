using System.Diagnostics;
using System.Text.Json.Nodes;
using SharpTune.Core.Configuration;
using SharpTune.Core.Data;
using SharpTune.Core.Generation;
using SharpTune.Core.Training;
using SharpTune.Text.Tokenization;

namespace SharpTune.Cli.Tests.Commands;

[Collection("cli")]
public sealed class TrainCommandTests
{
    static readonly string Stories = Path.Combine(CliRunner.RepoRoot, "examples", "models", "stories260K");
    static readonly string Data = Path.Combine(CliRunner.RepoRoot, "examples", "data");

    static string NewDir() => Path.Combine(Path.GetTempPath(), "sharptune-train-" + Guid.NewGuid().ToString("N"));

    static string[] Sft(string output, params string[] extra) =>
    [
        "train", "--model_name_or_path", Stories, "--dataset", "self_instruct_seed", "--dataset_dir", Data, "--template", "alpaca",
        "--output_dir", output, "--cutoff_len", "128", "--per_device_train_batch_size", "4", "--learning_rate", "1e-3",
        "--logging_steps", "1", .. extra,
    ];

    static List<double> Losses(string dir) => File.ReadAllLines(Path.Combine(dir, TrainerLog.FileName))
        .Select(l => JsonNode.Parse(l)!).Where(o => o["loss"] != null).Select(o => o["loss"]!.GetValue<double>()).ToList();

    [Fact]
    public void The_llama_factory_command_line_trains_lora_and_the_adapter_reproduces_its_eval_loss()
    {
        string output = NewDir();
        try
        {
            var (exit, stdout, stderr) = CliRunner.Run(
            [
                "train", "--model_name_or_path", Stories, "--finetuning_type", "lora", "--lora_rank", "8", "--lora_target", "q_proj,v_proj",
                "--dataset", "self_instruct_seed", "--dataset_dir", Data, "--template", "alpaca", "--output_dir", output,
                "--max_steps", "4", "--val_size", "8", "--cutoff_len", "128", "--per_device_train_batch_size", "4", "--json",
            ]);
            Assert.True(exit == 0, stderr);
            foreach (var f in new[] { "adapter_config.json", "adapter_model.safetensors", "tokenizer.json", "trainer_log.jsonl", "all_results.json", "parameter_report.json" })
                Assert.True(File.Exists(Path.Combine(output, f)), f);
            double evalLoss = JsonNode.Parse(stdout)!["eval_loss"]!.GetValue<double>();

            var args = new DataArguments { DatasetDir = Data, CutoffLen = 128, ValSize = 8, Dataset = ["self_instruct_seed"] };
            var (samples, _) = DatasetLoader.Load(args, args.Dataset, 42);
            var (_, held) = DatasetLoader.Split(samples, 8, 42);
            var tokenizer = Tokenizer.Load(Stories);
            var pre = new SupervisedPreprocessor(SharpTune.Text.Templates.ChatTemplates.Get("alpaca"), tokenizer, 128, false, false);
            using var model = ModelSession.Load(new ModelArguments { ModelNameOrPath = Stories, AdapterNameOrPath = [output] });
            double again = TrainingRecipe.Evaluate(model, held.Select(pre.Encode).ToList(), 8, tokenizer.PadId ?? 0, model.device);
            // the same adapter through another load path: float32 rounding relative to the loss, on any instruction set
            Assert.True(Math.Abs(evalLoss - again) <= 1e-5 * evalLoss, $"eval_loss {evalLoss} written, {again} recomputed");
        }
        finally { if (Directory.Exists(output)) Directory.Delete(output, true); }
    }

    [Theory]
    [InlineData("lora")]
    [InlineData("full")]
    [InlineData("freeze")]
    [InlineData("prompt_tuning")]
    [InlineData("prefix_tuning")]
    [InlineData("adapter")]
    public void Every_finetuning_type_trains_with_sft(string type)
    {
        string output = NewDir();
        try
        {
            var (exit, _, stderr) = CliRunner.Run(Sft(output, "--finetuning_type", type, "--max_steps", "3", "--num_virtual_tokens", "4"));
            Assert.True(exit == 0, stderr);
            Assert.Equal(3, Losses(output).Count);
            Assert.True(File.Exists(Path.Combine(output, type is "full" or "freeze" ? "model.safetensors" : "adapter_model.safetensors")));
        }
        finally { if (Directory.Exists(output)) Directory.Delete(output, true); }
    }

    [Fact]
    public void Report_to_tensorboard_writes_event_files_and_eval_steps_log_eval_loss()
    {
        string output = NewDir();
        try
        {
            var (exit, _, stderr) = CliRunner.Run(Sft(output, "--max_steps", "4", "--report_to", "tensorboard", "--val_size", "4", "--eval_steps", "2"));
            Assert.True(exit == 0, stderr);
            Assert.NotEmpty(Directory.GetFiles(Path.Combine(output, "runs"), "events.out.tfevents*", SearchOption.AllDirectories));
            var evals = File.ReadAllLines(Path.Combine(output, TrainerLog.FileName)).Select(l => JsonNode.Parse(l)!).Where(o => o["eval_loss"] != null).ToList();
            Assert.Equal([2, 4], evals.Select(o => o["current_steps"]!.GetValue<int>()));
        }
        finally { if (Directory.Exists(output)) Directory.Delete(output, true); }
    }

    [Fact]
    public void Pretraining_on_raw_text_lowers_the_loss_and_its_checkpoints_load_like_a_model()
    {
        string output = NewDir();
        try
        {
            var (exit, _, stderr) = CliRunner.Run(["train", "--stage", "pt", "--model_name_or_path", Stories, "--finetuning_type", "full",
                "--dataset", "english_prose_demo", "--dataset_dir", Data, "--output_dir", output, "--cutoff_len", "64",
                "--per_device_train_batch_size", "8", "--learning_rate", "3e-3", "--max_steps", "30", "--logging_steps", "1", "--lr_scheduler_type", "constant",
                "--save_steps", "15"]);
            Assert.True(exit == 0, stderr);
            var losses = Losses(output);
            Assert.True(losses.TakeLast(5).Average() < losses.Take(5).Average(), $"{losses[0]} → {losses[^1]}");
            // like Hugging Face's Trainer, a checkpoint carries the tokenizer: it generates without copying files around
            string checkpoint = Path.Combine(output, "checkpoint-15");
            Assert.Equal(File.ReadAllText(Path.Combine(output, "tokenizer.json")), File.ReadAllText(Path.Combine(checkpoint, "tokenizer.json")));
            var (genExit, text, genErr) = CliRunner.Run(["generate", "--model_name_or_path", checkpoint, "--prompt", "Once upon a time", "--max_new_tokens", "8"]);
            Assert.True(genExit == 0, genErr);
            Assert.False(string.IsNullOrWhiteSpace(text));
        }
        finally { if (Directory.Exists(output)) Directory.Delete(output, true); }
    }

    [Theory]
    [InlineData("missing dataset", "no dataset named 'self_instruct_sed'", "--dataset", "self_instruct_sed")]
    [InlineData("cutoff below the prompt", "leaves no response token", "--cutoff_len", "8")]
    [InlineData("unknown key", "did you mean 'lora_rank'", "--lora_rnk", "4")]
    [InlineData("bad template", "Unknown template 'nope'", "--template", "nope")]
    [InlineData("model folder missing", "model_name_or_path 'no/such/model' is not a folder", "--model_name_or_path", "no/such/model")]
    [InlineData("bad save strategy", "save_strategy 'best' is not one of steps, epoch, no", "--save_strategy", "best")]
    public void Bad_inputs_fail_with_one_clear_line(string what, string expected, string key, string value)
    {
        string output = NewDir();
        try
        {
            var args = Sft(output, "--max_steps", "1").ToList();
            int i = args.IndexOf(key);
            if (i >= 0) args[i + 1] = value; else args.AddRange([key, value]);
            var (exit, _, stderr) = CliRunner.Run([.. args]);
            Assert.True(exit == 1, what);
            Assert.Contains(expected, stderr);
        }
        finally { if (Directory.Exists(output)) Directory.Delete(output, true); }
    }

    [Fact]
    public void Llama_factory_recipe_keys_that_mean_nothing_here_are_accepted_with_a_warning()
    {
        string output = NewDir();
        try
        {
            var (exit, _, stderr) = CliRunner.Run([.. Sft(output, "--max_steps", "1"), "--trust_remote_code", "true", "--preprocessing_num_workers", "16",
                "--ddp_timeout", "180000000", "--eval_strategy", "no"]);
            Assert.True(exit == 0, stderr);
            Assert.Contains("warning: trust_remote_code has no effect in SharpTune", stderr);
            Assert.Contains("warning: preprocessing_num_workers has no effect", stderr);
            Assert.Contains("warning: ddp_timeout has no effect", stderr);
            Assert.DoesNotContain("eval_strategy has no effect", stderr);                       // a real key
        }
        finally { if (Directory.Exists(output)) Directory.Delete(output, true); }
    }

    [Fact]
    public void Val_size_and_eval_dataset_together_are_refused()
    {
        string output = NewDir();
        try
        {
            var (exit, _, stderr) = CliRunner.Run([.. Sft(output, "--max_steps", "1"), "--val_size", "0.1", "--eval_dataset", "self_instruct_seed"]);
            Assert.Equal(1, exit);
            Assert.Contains("val_size and eval_dataset are both set", stderr);
        }
        finally { if (Directory.Exists(output)) Directory.Delete(output, true); }
    }

    [Fact]
    public void Wrong_columns_and_empty_datasets_and_existing_output_dirs_are_errors()
    {
        string data = NewDir(), output = NewDir();
        Directory.CreateDirectory(data);
        try
        {
            File.WriteAllText(Path.Combine(data, "dataset_info.json"), """{"cols": {"file_name": "c.jsonl", "columns": {"prompt": "question"}}, "empty": {"file_name": "e.jsonl"}}""");
            File.WriteAllText(Path.Combine(data, "c.jsonl"), "{\"instruction\": \"x\", \"output\": \"y\"}\n");
            File.WriteAllText(Path.Combine(data, "e.jsonl"), "");
            string[] Args(string ds) => Sft(output, "--max_steps", "1", "--dataset", ds).Select(a => a == Data ? data : a).ToArray();
            Assert.Contains("no text in column 'question'", CliRunner.Run(Args("cols")).Err);
            Assert.Contains("no usable examples", CliRunner.Run(Args("empty")).Err);
            Directory.CreateDirectory(output);
            File.WriteAllText(Path.Combine(output, "keep.txt"), "mine");
            var (exit, _, err) = CliRunner.Run(Sft(output, "--max_steps", "1"));
            Assert.Equal(1, exit);
            Assert.Contains("overwrite_output_dir", err);
            Assert.Equal("mine", File.ReadAllText(Path.Combine(output, "keep.txt")));
        }
        finally
        {
            if (Directory.Exists(data)) Directory.Delete(data, true);
            if (Directory.Exists(output)) Directory.Delete(output, true);
        }
    }

    [Fact]
    public void A_killed_training_process_resumes_with_identical_losses()
    {
        string full = NewDir(), killed = NewDir();
        string[] common = ["--finetuning_type", "lora", "--max_steps", "40", "--save_steps", "5", "--lora_dropout", "0.1", "--cutoff_len", "256"];
        try
        {
            var (exit, _, err) = CliRunner.Run(Sft(full, common));
            Assert.True(exit == 0, err);

            string cli = Path.Combine(AppContext.BaseDirectory, "sharptune.dll");
            var psi = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var a in new[] { cli }.Concat(Sft(killed, common))) psi.ArgumentList.Add(a);
            using (var p = Process.Start(psi)!)
            {
                p.OutputDataReceived += (_, _) => { };
                p.ErrorDataReceived += (_, _) => { };
                p.BeginOutputReadLine();
                p.BeginErrorReadLine();
                var sw = Stopwatch.StartNew();
                while (!Directory.Exists(Path.Combine(killed, "checkpoint-5")) && !p.HasExited && sw.Elapsed < TimeSpan.FromMinutes(3)) Thread.Sleep(20);
                Assert.False(p.HasExited, "the child finished before it could be killed");
                p.Kill(entireProcessTree: true);
                p.WaitForExit();
            }
            Assert.False(File.Exists(Path.Combine(killed, "all_results.json")));
            var (exit2, _, err2) = CliRunner.Run(Sft(killed, [.. common, "--resume_from_checkpoint", "true"]));
            Assert.True(exit2 == 0, err2);
            Assert.Equal(Losses(full), Losses(killed));
        }
        finally
        {
            if (Directory.Exists(full)) Directory.Delete(full, true);
            if (Directory.Exists(killed)) Directory.Delete(killed, true);
        }
    }
}
