using SharpTune.Core.Modeling;
using TorchSharp.Modules;

namespace SharpTune.Core.Training;

/// <summary>A model prepared for one fine-tuning method: what it trains, and how its result is saved (model or adapter folder).</summary>
public interface ITrainableModel : ICausalLM
{
    IReadOnlyList<(string name, Parameter parameter)> TrainableParameters();
    void Save(string dir);
}
