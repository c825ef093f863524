namespace SharpTune.Server.Experiments;

/// <summary>One arm of an experiment: its key, the served model that answers it, its share of the traffic (0–1).</summary>
internal sealed record ExperimentVariant(string Key, string ServedModel, double Weight);
