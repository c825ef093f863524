using TorchSharp;

namespace SharpTune.Core.Training;

/// <summary>report_to tensorboard: writes train/loss, train/learning_rate and eval/loss events under output_dir/runs, then passes progress on.</summary>
internal sealed class TensorBoardProgress(string outputDir, IProgress<TrainingProgress>? next) : IProgress<TrainingProgress>, IDisposable
{
    TorchSharp.Modules.SummaryWriter? _writer;                     // created at the first report, after the output_dir checks

    public void Report(TrainingProgress p)
    {
        _writer ??= torch.utils.tensorboard.SummaryWriter(Path.Combine(outputDir, "runs"), "", true);
        if (p.Loss is { } loss)
        {
            _writer.add_scalar("train/loss", (float)loss, p.Step);
            _writer.add_scalar("train/learning_rate", (float)p.LearningRate, p.Step);
        }
        if (p.EvalLoss is { } ev) _writer.add_scalar("eval/loss", (float)ev, p.Step);
        next?.Report(p);
    }

    public void Dispose() => (_writer as IDisposable)?.Dispose();
}
